package io.sen2cor.operator.api;

public enum DeletionPolicy {
    Delete, Retain
}
