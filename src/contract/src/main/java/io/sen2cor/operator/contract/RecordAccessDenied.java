package io.sen2cor.operator.contract;

/**
 * S3 refused to read a result record (403). With s3:ListBucket on the bucket, as the documented policies grant, a
 * missing record is a 404; a 403 is then a real refusal (a bucket policy, a KMS key the reader may not use) and must not
 * be read as "no record": a scene would count as never processed, or as FAILED (docs/security.md, "IAM for the operator").
 */
public final class RecordAccessDenied extends RuntimeException {

    public RecordAccessDenied(S3Location record, String awsMessage) {
        super("access denied reading " + record + " (" + awsMessage + "): the reader needs s3:GetObject there, s3:ListBucket "
                + "on the bucket, and kms:Decrypt when the bucket is encrypted with a KMS key");
    }
}
