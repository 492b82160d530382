package io.sen2cor.operator.api;

/** The ECS-optimized AMI family of a compute environment (AWS Batch's ec2Configuration imageType). */
public enum ImageType {
    /** Amazon Linux 2023, AWS Batch's default since 12 January 2026. */
    ECS_AL2023,
    /** Amazon Linux 2023 with NVIDIA drivers. */
    ECS_AL2023_NVIDIA,
    /** Amazon Linux 2: out of support since 30 June 2026; only for compute environments not moved yet. */
    ECS_AL2,
    /** Amazon Linux 2 with NVIDIA drivers. */
    ECS_AL2_NVIDIA
}
