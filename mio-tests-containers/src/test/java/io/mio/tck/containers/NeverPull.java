package io.mio.tck.containers;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/** Pull policy named in testcontainers.properties: images are built locally, no registry is reachable. */
public final class NeverPull implements ImagePullPolicy {
    @Override
    public boolean shouldPull(DockerImageName imageName) {
        return false;
    }
}
