# The job container: Sen2Cor plus the sen2cor-operator runner (io.sen2cor.operator.runner.Runner).
# Build from the repository root after `./mvnw package -DskipTests`, with ESA's Sen2Cor Linux installer
# (Sen2Cor-02.12.03-Linux64.run from ESA's STEP site) copied into the build context:
#   docker build -f src/main/docker/runner.Dockerfile \
#     --build-arg SEN2COR_INSTALLER=Sen2Cor-02.12.03-Linux64.run -t sen2cor-runner:2.12 .
# The installer is a self-contained bundle (its own Python and libraries): the build needs no network.
# BASE_IMAGE: any image with a Java 17+ runtime on PATH, bash and useradd; the default is Eclipse Temurin's JRE 17
# on Ubuntu 22.04. The container tests pass a Debian base made offline and a stand-in installer that lays out the
# same tree (bin/L2A_Process, a default L2A_GIPP.xml, aux_data/).
# Aux data (ESACCI maps) and the DEM are not in the image (~5 GB): mount them (EFS in the job definition, a PVC
# on Kubernetes); spec.sen2cor.auxDataPath says where (default /aux/aux_data); see the README.
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}

ARG SEN2COR_INSTALLER
COPY ${SEN2COR_INSTALLER} /tmp/sen2cor.run
RUN chmod +x /tmp/sen2cor.run \
 && /tmp/sen2cor.run --target /opt/sen2cor \
 && rm /tmp/sen2cor.run \
 # the installer's default GIPP becomes the template the runner renders per job (threads, DEM)
 && cp "$(find /opt/sen2cor -name L2A_GIPP.xml | head -1)" /opt/sen2cor/L2A_GIPP.template.xml \
 # Sen2Cor reads the ESACCI maps from its own aux_data folder: link them to $SEN2COR_AUX_LINK under /tmp (the
 # container's own, an emptyDir on Kubernetes), which the runner points at the job's spec.sen2cor.auxDataPath before
 # each run (the root filesystem may be read-only); the weekly snow maps for 2.8/2.9, the monthly ones for 2.10+
 && auxdir="$(find /opt/sen2cor -type d -name aux_data | head -1)" \
 && for f in ESACCI-LC-L4-WB-Map-150m-P13Y-2000-v4.0.tif ESACCI-LC-L4-LCCS-Map-300m-P1Y-2015-v2.0.7.tif \
             ESACCI-LC-L4-Snow-Cond-500m-P13Y7D-2000-2012-v2.0 ESACCI-LC-L4-Snow-Cond-500m-MONTHLY-2000-2012-v2.4; do \
      ln -sfn "/tmp/sen2cor/aux_data/$f" "$auxdir/$f"; done

# the runner's own jar and dependency set (the src/runner module), nothing of the operator's
COPY src/runner/target/sen2cor-runner.jar /opt/runner/sen2cor-runner.jar
COPY src/runner/target/lib/ /opt/runner/lib/

# non-root, read-only root filesystem friendly: everything written goes to /work (an emptyDir or the Batch host
# volume) and each run gets its own SEN2COR_HOME there
RUN useradd --uid 10001 --create-home --home-dir /home/runner runner && mkdir -p /work && chown runner /work
USER 10001
ENV SEN2COR_L2A_PROCESS=/opt/sen2cor/bin/L2A_Process \
    SEN2COR_GIPP_TEMPLATE=/opt/sen2cor/L2A_GIPP.template.xml \
    SEN2COR_WORK_DIR=/work \
    SEN2COR_AUX_LINK=/tmp/sen2cor/aux_data \
    HOME=/work
WORKDIR /work
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "-cp", "/opt/runner/sen2cor-runner.jar:/opt/runner/lib/*", "io.sen2cor.operator.runner.Runner"]
