# One runtime image for every Kefu service (STYLE rule 11). The jar is built outside the image, so no build
# stage needs the network:
#   ./mvnw -q -DskipTests package
#   docker build --build-arg MODULE=order-service --build-arg PORT=8081 -t kefu/order-service .
# docker-compose.yml passes the same arguments for all five services.
#
# Layered (Boot's jar tools): dependencies, loader, snapshots and the application each in their own image layer, so a
# code change ships only the last, small one. With a class-data sharing archive made by a training run at build time:
# the JVM maps the classes it loaded then instead of loading them again, so the service starts sooner.
# The base image is pinned to a full version; pin its digest too in your registry's policy (e.g. Renovate).
ARG BASE=eclipse-temurin:17.0.15_6-jre-noble

FROM ${BASE} AS layers
ARG MODULE
RUN test -n "${MODULE}" || { echo "build with --build-arg MODULE=<module>, e.g. order-service" >&2; exit 1; }
WORKDIR /build
COPY ${MODULE}/target/${MODULE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM ${BASE}
ARG PORT=8080
RUN groupadd --system --gid 10001 kefu \
 && useradd --system --uid 10001 --gid kefu --home-dir /app --no-create-home --shell /usr/sbin/nologin kefu
WORKDIR /app
COPY --from=layers --chown=10001:10001 /build/extracted/dependencies/ ./
COPY --from=layers --chown=10001:10001 /build/extracted/spring-boot-loader/ ./
COPY --from=layers --chown=10001:10001 /build/extracted/snapshot-dependencies/ ./
COPY --from=layers --chown=10001:10001 /build/extracted/application/ ./
# The training run: the context is refreshed and the JVM exits before anything starts (spring.context.exit), with no
# broker, database or identity provider needed (throwaway local settings, for this run only: the image keeps none).
RUN java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh \
      -Dkefu.security.mode=local -Dkefu.security.jwt-secret=cds-training-run-only-never-used-by-the-image \
      -Dserver.address=127.0.0.1 -Dspring.kafka.bootstrap-servers=127.0.0.1:1 \
      -Dspring.mongodb.uri='mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' \
      -Dspring.data.mongodb.auto-index-creation=false -Dkefu.kafka.create-topics=false \
      -Dspring.kafka.admin.auto-create=false -jar app.jar > /dev/null \
 && chown 10001:10001 app.jsa

# Heap follows the container memory limit; the rest is left for metaspace, threads and Netty buffers. What the JIT
# compilers and short-lived threads free, glibc keeps in its malloc arenas: the JVM gives it back every 10 s.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:TrimNativeHeapInterval=10000"
# Numeric so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE ${PORT}
# Actuator's management port (kefu-defaults: management.server.port); never publish it.
EXPOSE 9000
# No HEALTHCHECK: docker-compose.yml and the Kubernetes probes call /actuator/health/{liveness,readiness} on 9000.
# A missing or mismatched archive (another JVM) only costs the speed-up: the JVM warns and loads classes as usual.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app.jsa", "-jar", "app.jar"]
