package io.mmstream.models.regions;

import io.mmstream.frames.RgbFrame;
import java.util.List;

/** Where a picture's regions come from: the first region is always the whole picture. */
public interface RegionSource {

    /** Name and version, recorded with the regions. */
    String name();

    /** The regions of {@code picture}, the whole picture first. */
    List<Region> regions(RgbFrame picture);
}
