package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.sen2cor.operator.api.LaunchTemplateRef;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Checks that the IAM and EC2 resources a compute environment refers to exist before anything is created, so a
 * typo becomes a clear condition instead of an INVALID compute environment (or half of an environment) in AWS,
 * and resolves launch template versions.
 */
public final class AwsReferences {

    static final String SPOT_SERVICE_ROLE = "AWSServiceRoleForEC2Spot";
    static final String SPOT_FLEET_SERVICE_ROLE = "AWSServiceRoleForEC2SpotFleet";
    /** The AWS managed policy a Spot Fleet role needs to tag the instances it launches. */
    static final String SPOT_FLEET_TAGGING_POLICY = "AmazonEC2SpotFleetTaggingRole";
    static final String BATCH_SERVICE_ROLE = "AWSServiceRoleForBatch";

    private final IamClient iam;
    private final Ec2Client ec2;

    public AwsReferences(IamClient iam, Ec2Client ec2) {
        this.iam = iam;
        this.ec2 = ec2;
    }

    /** Raised when a referenced resource does not exist (or cannot be read); the message says which. */
    public static final class MissingReference extends RuntimeException {
        public MissingReference(String message) {
            super(message);
        }
    }

    /** Problems with the references of these shapes; empty when all exist. */
    public List<String> check(Collection<ComputeEnvironmentShape> shapes) {
        Set<String> profiles = new TreeSet<>();
        Set<String> roles = new TreeSet<>();
        Set<String> subnets = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> images = new TreeSet<>();
        Set<String> serviceLinked = new TreeSet<>();
        Set<String> fleetRoles = new TreeSet<>();
        for (ComputeEnvironmentShape s : shapes) {
            if ("SPOT".equals(s.resourceType())) {
                // the seed's "AWSServiceRoleForEC2Spot and ...SpotFleet service-linked roles": Spot capacity
                // cannot be launched without them, and AWS only reports that later as an INVALID compute environment
                serviceLinked.add("BEST_FIT".equals(s.allocationStrategy()) ? SPOT_FLEET_SERVICE_ROLE : SPOT_SERVICE_ROLE);
            }
            if (s.imageId() != null) {
                images.add(s.imageId());
            }
            profiles.add(s.instanceProfile());
            if (s.customServiceRole() != null) {
                roles.add(s.customServiceRole());
            }
            if (s.spotFleetRole() != null) {
                roles.add(s.spotFleetRole());
                fleetRoles.add(s.spotFleetRole());
            }
            subnets.addAll(s.subnets());
            groups.addAll(s.securityGroups());
        }
        List<String> problems = new ArrayList<>();
        if (shapes.stream().anyMatch(s -> s.customServiceRole() == null)) {
            ensureBatchServiceLinkedRole(problems);
        }
        for (String profile : profiles) {
            // a name: the shape keeps instance profiles by name (docs compare them so)
            probe(problems, "instance profile " + profile, () -> iam.getInstanceProfile(r -> r.instanceProfileName(profile)));
        }
        for (String role : roles) {
            // GetRole takes the name only: the path in the spec's ARN must match too (a wrong role path is the most
            // common cause of an INVALID compute environment in AWS's troubleshooting guide)
            probe(problems, "IAM role " + role, () -> {
                var found = iam.getRole(r -> r.roleName(roleName(role))).role();
                requireSameArn(role, found == null ? null : found.arn());
            });
        }
        for (String fleetRole : fleetRoles) {
            // BEST_FIT Spot launches through a Spot Fleet, which must tag the instances it starts: without the AWS
            // managed tagging policy on its role the compute environment turns INVALID later
            probe(problems, "Spot Fleet role " + fleetRole + " (attach the AWS managed policy " + SPOT_FLEET_TAGGING_POLICY
                    + ")", () -> {
                boolean tagging = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName(fleetRole))).attachedPolicies()
                        .stream().anyMatch(p -> p.policyArn().endsWith(":policy/service-role/" + SPOT_FLEET_TAGGING_POLICY));
                if (!tagging) {
                    throw notFound("it lacks " + SPOT_FLEET_TAGGING_POLICY);
                }
            });
        }
        for (String role : serviceLinked) {
            String service = role.equals(SPOT_SERVICE_ROLE) ? "spot.amazonaws.com" : "spotfleet.amazonaws.com";
            probe(problems, "service-linked role " + role + " (create it once per account: aws iam "
                    + "create-service-linked-role --aws-service-name " + service + ")",
                    () -> iam.getRole(r -> r.roleName(role)));
        }
        for (String image : images) {
            probe(problems, "AMI " + image, () -> {
                if (ec2.describeImages(r -> r.imageIds(image)).images().isEmpty()) {
                    throw notFound("no such image");
                }
            });
        }
        for (String subnet : subnets) {
            probe(problems, "subnet " + subnet, () -> ec2.describeSubnets(r -> r.subnetIds(subnet)));
        }
        for (String group : groups) {
            probe(problems, "security group " + group, () -> ec2.describeSecurityGroups(r -> r.groupIds(group)));
        }
        return problems;
    }

    /**
     * Compute environments without a custom service role use AWSServiceRoleForBatch. In a fresh account it does not
     * exist yet: create it (the policy allows exactly this one, by iam:AWSServiceName), or say how to.
     */
    private void ensureBatchServiceLinkedRole(List<String> problems) {
        try {
            iam.getRole(r -> r.roleName(BATCH_SERVICE_ROLE));
            return;
        } catch (NoSuchEntityException missing) {
            // created below
        } catch (AwsServiceException e) {
            probe(problems, "service-linked role " + BATCH_SERVICE_ROLE, () -> {
                throw e;
            });
            return;
        }
        probe(problems, "service-linked role " + BATCH_SERVICE_ROLE + " does not exist and could not be created; create "
                + "it once per account (aws iam create-service-linked-role --aws-service-name batch.amazonaws.com)", () -> {
                    try {
                        iam.createServiceLinkedRole(r -> r.awsServiceName("batch.amazonaws.com"));
                    } catch (InvalidInputException e) {
                        // created by someone else since the read ("... has been taken in this account"): fine
                        if (!String.valueOf(e.getMessage()).contains("has been taken")) {
                            throw e;
                        }
                    }
                });
    }

    /** The numeric version a launch template reference means now ($Latest and $Default resolved). */
    public String resolve(LaunchTemplateRef ref) {
        String label = ref.getId() != null ? ref.getId() : ref.getName();
        LaunchTemplate lt;
        try {
            var response = ec2.describeLaunchTemplates(r -> {
                if (ref.getId() != null) {
                    r.launchTemplateIds(ref.getId());
                } else {
                    r.launchTemplateNames(ref.getName());
                }
            });
            if (response.launchTemplates().isEmpty()) {
                throw new MissingReference("launch template " + label + " does not exist");
            }
            lt = response.launchTemplates().get(0);
        } catch (AwsServiceException e) {
            if (e.statusCode() == 400 || e.statusCode() == 404) {
                throw new MissingReference("launch template " + label + ": " + e.awsErrorDetails().errorMessage());
            }
            throw e;
        }
        String version = ref.getVersion() == null ? "$Default" : ref.getVersion();
        return switch (version) {
            case "$Latest" -> String.valueOf(lt.latestVersionNumber());
            case "$Default" -> String.valueOf(lt.defaultVersionNumber());
            default -> {
                if (Long.parseLong(version) > lt.latestVersionNumber()) {
                    throw new MissingReference("launch template " + label + " has no version " + version
                            + " (latest is " + lt.latestVersionNumber() + ")");
                }
                yield version;
            }
        };
    }

    private static AwsServiceException notFound(String message) {
        return AwsServiceException.builder().statusCode(404).message(message).build();
    }

    /** A role's name, the last part of its ARN: what GetRole and ListAttachedRolePolicies take. */
    private static String roleName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** A name found whose ARN differs from the one the spec gives (another path, account or partition). */
    static void requireSameArn(String given, String actual) {
        if (given.startsWith("arn:") && actual != null && !given.equals(actual)) {
            throw notFound("not found; a role of that name exists as " + actual + " (check the path)");
        }
    }

    private static void probe(List<String> problems, String what, Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            // 4xx: it does not exist or we may not read it; both block creation. 5xx and throttles propagate.
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw e;
            }
            problems.add(what + ": " + (e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                    ? e.getMessage() : e.awsErrorDetails().errorMessage()));
        }
    }
}
