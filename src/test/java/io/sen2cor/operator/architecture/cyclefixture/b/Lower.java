package io.sen2cor.operator.architecture.cyclefixture.b;

import io.sen2cor.operator.architecture.cyclefixture.a.Upper;

/** The climb back that closes the deliberate cycle. */
public class Lower {
    public Upper upper() {
        return null;
    }
}
