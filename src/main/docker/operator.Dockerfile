# The operator image (Quarkus JVM mode). Build from the repository root after `./mvnw package -DskipTests`:
#   docker build -f src/main/docker/operator.Dockerfile -t sen2cor-operator:0.1.0 .
# The Helm chart runs it non-root with a read-only root filesystem and /tmp as an emptyDir.
# BASE_IMAGE: any image with a Java 17+ runtime on PATH and useradd; the default is Eclipse Temurin's JRE 17 on
# Ubuntu 22.04. The container tests build it on a Debian base made offline (src/scripts/build-base-image.sh).
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}
# "operator" is a system group in Debian and Ubuntu (gid 37): useradd refuses that name
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent sen2cor
COPY --chown=10001 target/quarkus-app/lib/ /deployments/lib/
COPY --chown=10001 target/quarkus-app/*.jar /deployments/
COPY --chown=10001 target/quarkus-app/app/ /deployments/app/
COPY --chown=10001 target/quarkus-app/quarkus/ /deployments/quarkus/
USER 10001
EXPOSE 8080
# C1 only (TieredStopAtLevel=1): the operator waits on the API server and AWS, not on CPU; dropping C2 took
# 45 MiB off its resident memory in the benchmark (259 vs 299-309 MiB at 100 jobs x 100 scenes) with no
# measurable change in apply-to-submit time or wall time there.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=/tmp"
# glibc's malloc keeps up to 8 arenas per core for the JVM's native allocations; 2 took 13 MiB off the resident
# memory at 1000 jobs x 100 scenes (315 vs 328 MiB) with no more GC or reconcile time (README, Benchmark).
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
