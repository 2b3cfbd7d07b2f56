/** Image-caption pairs read back from the media topics, where ingest put them as one-frame videos. */
package io.mmstream.streams.imagetext;
