/**
 * DJL blocks for VideoBERT and the image-text model family, their pretraining heads and trainers.
 *
 * <p>Not built yet: the VideoBERT issue fills this module.
 */
package io.mmstream.models;
