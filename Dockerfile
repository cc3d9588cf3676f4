# One runtime image for every Kefu service (STYLE rule 11). The jar is built outside the image, so no build
# stage needs the network:
#   ./mvnw -q -DskipTests package
#   docker build --build-arg MODULE=order-service --build-arg PORT=8081 -t kefu/order-service .
# docker-compose.yml passes the same arguments for all five services.
FROM eclipse-temurin:17-jre

ARG MODULE
ARG PORT=8080
RUN test -n "${MODULE}" || { echo "build with --build-arg MODULE=<module>, e.g. order-service" >&2; exit 1; } \
 && groupadd --system --gid 10001 kefu \
 && useradd --system --uid 10001 --gid kefu --home-dir /app --no-create-home --shell /usr/sbin/nologin kefu

WORKDIR /app
COPY --chown=10001:10001 ${MODULE}/target/${MODULE}.jar /app/app.jar

# Heap follows the container memory limit; the rest is left for metaspace, threads and Netty buffers.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Numeric so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE ${PORT}
# Actuator's management port (kefu-defaults: management.server.port); never publish it.
EXPOSE 9000
# No HEALTHCHECK: docker-compose.yml and the Kubernetes probes call /actuator/health/{liveness,readiness} on 9000.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
