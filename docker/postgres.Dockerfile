# PostgreSQL from Debian for the compose `cluster` profile (docker/compose.yaml): the
# articles table is made by articled's own migration on start.
ARG BASE_IMAGE=docker.io/library/debian:bookworm
FROM ${BASE_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 PATH=/usr/lib/postgresql/15/bin:$PATH
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && install -d -o postgres -g postgres /var/lib/postgresql/data /run/postgresql
COPY docker/postgres-start.sh /usr/local/bin/postgres-start
USER postgres
EXPOSE 5432
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --timeout=3s --retries=10 CMD ["pg_isready", "-h", "127.0.0.1"]
ENTRYPOINT ["/bin/sh", "/usr/local/bin/postgres-start"]
