/**
 * Object detection with a pretrained CenterNet (MobileNetV3 backbone, COCO's 80 classes) run by the
 * TensorFlow.js graph runner: detections with boxes, the backbone's pooled features, and the COCO names.
 */
package io.mmstream.models.detect;
