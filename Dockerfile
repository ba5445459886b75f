# The Tally image: one image for every command (streams, replay, broker, scenario).
#   docker build -t tally:local .
#   docker run --rm tally:local --help
#
# Stage 1 builds the CLI with Maven exactly as ./tally does (app/target/tally.jar + app/target/lib/);
# stage 2 is a JRE with nothing but those jars, run as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Tests run in CI, not in the image build; the formatter and coverage are skipped for the same reason.
RUN mvn -B -q -e \
      -Dmaven.test.skip=true -Djacoco.skip=true -Dspotless.skip=true \
      package -pl app -am

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tally \
 && useradd --system --uid 10001 --gid tally --home-dir /var/lib/tally --create-home \
      --shell /usr/sbin/nologin tally
COPY --from=build /src/app/target/lib/ /app/lib/
COPY --from=build /src/app/target/tally.jar /app/tally.jar
USER 10001:10001
WORKDIR /var/lib/tally
# RocksDB state of `tally streams`; lost with the container and rebuilt from the changelog topics.
ENV TALLY_STATE_DIR=/var/lib/tally/state \
    TALLY_METRICS_HOST=0.0.0.0 \
    TALLY_METRICS_PORT=8080
EXPOSE 8080
ENTRYPOINT ["java","-Xmx512m","-cp","/app/tally.jar:/app/lib/*","io.tally.cli.TallyCli"]
CMD ["--help"]
