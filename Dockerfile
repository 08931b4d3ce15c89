# syntax=docker/dockerfile:1
# Bihuan's production image. Build:   docker build -t <registry>/bihuan/bihuan:<version> .
# Two stages: Maven builds the Spring Boot jar on a JDK; the runtime is a JRE with the jar unpacked
# into Spring Boot's layers (dependencies change rarely, the application on every release, so a
# new release pushes and pulls only the thin top layers). No HEALTHCHECK: Kubernetes probes
# /actuator/health/liveness and /readiness (helm/bihuan).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src src
COPY bpmn bpmn
COPY kafka kafka
# the Maven repository is a build cache, not part of any image layer
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -Dmaven.test.skip=true package \
    && cp target/bihuan-*.jar app.jar \
    && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# a fixed non-root uid/gid, the same the chart runs as (podSecurityContext.runAsUser 10001)
RUN groupadd --system --gid 10001 bihuan \
    && useradd --system --uid 10001 --gid bihuan --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin bihuan
WORKDIR /app
# least to most often changed, one image layer each
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# exec form: the JVM is PID 1 and gets SIGTERM directly for the graceful shutdown
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
