package io.sen2cor.operator.aws;

import java.time.Duration;

import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an AWS failure that outlived the SDK's retries means for a resource: a Degraded observation with AWS's own
 * words and a recheck, never an exception that would crash-loop a reconciler. One place for both backends.
 */
final class AwsFailures {

    private AwsFailures() {
    }

    /**
     * @param refusedRecheck     when to look again after AWS refused the request (access, limits, parameters)
     * @param throttledRecheck   ... after throttling or a 5xx
     * @param unreachableRecheck ... after AWS could not be reached at all
     */
    static Observation observe(SdkException e, Duration refusedRecheck, Duration throttledRecheck,
            Duration unreachableRecheck) {
        if (e instanceof AwsServiceException aws) {
            if (!refused(aws)) {
                return Observation.degraded(ConditionReason.AwsUnreachable, "AWS kept failing after retries: " + describe(aws),
                        throttledRecheck);
            }
            return Observation.degraded(ConditionReason.AwsRequestFailed, describe(aws), refusedRecheck);
        }
        return Observation.degraded(ConditionReason.AwsUnreachable, "could not reach AWS: " + withoutCaller(e.getMessage()), unreachableRecheck);
    }

    /** AWS answered and said no (access, limits, parameters): not throttling, not a 5xx. */
    static boolean refused(AwsServiceException e) {
        return !e.isThrottlingException() && e.statusCode() < 500;
    }

    /**
     * AWS's own words: "<message> (<error code>, HTTP <status>)", without the operator's identity: an AccessDenied
     * names the caller's role or user ARN, which a tenant reading its job's status has no business knowing.
     */
    static String describe(AwsServiceException e) {
        var details = e.awsErrorDetails();
        return withoutCaller(details == null ? e.getMessage()
                : details.errorMessage() + " (" + details.errorCode() + ", HTTP " + e.statusCode() + ")");
    }

    /** The caller's ARN in an AWS message ("User: arn:aws:sts::123456789012:assumed-role/..." ) as "the operator". */
    static String withoutCaller(String message) {
        if (message == null) {
            return null;
        }
        return message.replaceAll("arn:aws[a-z-]*:(sts|iam)::[0-9]{12}:(assumed-role|user|role|federated-user)/\\S*?(?=[\\s,;)]|$)",
                "<the operator's identity>");
    }
}
