package io.sen2cor.operator.api;

/** Which existing products a run keeps instead of processing their scenes again. */
public enum KeepExisting {
    /** Those made with the same Sen2Cor version and processing settings. */
    SameSettings,
    /** Every product whose record says SUCCEEDED. */
    Any
}
