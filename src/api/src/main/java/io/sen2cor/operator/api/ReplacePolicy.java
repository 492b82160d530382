package io.sen2cor.operator.api;

public enum ReplacePolicy {
    BlueGreen, Manual
}
