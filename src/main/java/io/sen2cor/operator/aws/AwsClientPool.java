package io.sen2cor.operator.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One {@link AwsClients} per region (BatchEnvironments name their region), created on first use and closed on
 * shutdown. {@code sen2cor.aws.endpoint-override} points every client at an emulator (moto in tests and the local
 * demo); unset, the SDK's regional AWS endpoints and default credential chain (IRSA, Pod Identity) are used.
 */
public class AwsClientPool implements AutoCloseable {

    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, AwsClients> byRegion = new ConcurrentHashMap<>();

    public AwsClientPool(Optional<URI> endpoint, AwsCredentialsProvider credentials,
            ExecutionInterceptor... interceptors) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.of(interceptors);
    }

    public AwsClients region(String region) {
        return byRegion.computeIfAbsent(region, r -> new AwsClients(r, endpoint, credentials, interceptors));
    }

    @Override
    public void close() {
        byRegion.values().forEach(AwsClients::close);
        byRegion.clear();
    }
}
