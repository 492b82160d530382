package io.sen2cor.operator.api;

/** Where L1C products come from; names are the API values. */
public enum SourceType {
    awsL1C, s3Safe, s3Zip
}
