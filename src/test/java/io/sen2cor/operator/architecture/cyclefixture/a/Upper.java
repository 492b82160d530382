package io.sen2cor.operator.architecture.cyclefixture.a;

import io.sen2cor.operator.architecture.cyclefixture.b.Lower;

/** A deliberate package cycle (a -> b -> a) that {@code LayersSelfCheckTest} shows the cycle rule catches. */
public class Upper {
    public Lower lower() {
        return new Lower();
    }
}
