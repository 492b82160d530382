package io.sen2cor.operator.api;

/** API group and version shared by both kinds, and the operator's label/annotation prefix. */
public final class ApiGroup {
    public static final String GROUP = "sen2cor.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private ApiGroup() {
    }
}
