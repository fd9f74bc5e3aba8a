# Sourced by .ci/run: podman + its Docker API socket + the base image (cached after the first
# run), and the environment Jib and Testcontainers need (DOCKER_HOST, TESTCONTAINERS_*).
# A failure here fails CI: the images profile and the end-to-end IT are on when CI=true.
ship_env=$(scripts/container-setup.sh) || { echo "ci: scripts/container-setup.sh failed" >&2; exit 1; }
eval "$ship_env"
unset ship_env
