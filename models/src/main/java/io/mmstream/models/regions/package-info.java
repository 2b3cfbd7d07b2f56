/**
 * Regions of a picture for the image-text models (VisualBERT, VL-BERT, UNITER, Oscar, ...): each with
 * the 5-d geometry {@code (x1/W, y1/H, x2/W, y2/H, area)}, a feature vector, and a class tag where a
 * detector named one; from a fixed grid or from the COCO detector's boxes.
 */
package io.mmstream.models.regions;
