# Stack targets, included by the top-level Makefile.
# `make help` prints the `##@` group headers and the `## ` text after each target.

COMPOSE ?= docker compose
STACK_MVN ?= mvn -B -ntp -f stack-tests/pom.xml

# Host ports: .env overrides the defaults, as it does for docker compose.
-include .env
RECEIVER_PORT       ?= 18080
RECEIVER_ADMIN_PORT ?= 18081
PROMETHEUS_PORT     ?= 19090
LOKI_PORT           ?= 13100
JAEGER_UI_PORT      ?= 16686
PYROSCOPE_PORT      ?= 14040
GRAFANA_PORT        ?= 13000

RATE   ?= $(or $(LOADGEN_RATE),10)
SERIES ?= $(or $(LOADGEN_SERIES),200)
NAME   ?=

GRAFANA_URL := http://127.0.0.1:$(GRAFANA_PORT)
# The receiver's internal port: health, metrics, the scenario switch and the drills. Against
# `make up` it is RECEIVER_ADMIN_PORT; for `make run`, set RECEIVER_ADMIN_PORT=8081.
ADMIN_URL   := http://127.0.0.1:$(RECEIVER_ADMIN_PORT)

##@ Stack

.PHONY: up down logs ps urls open load load-stop scenario reset doctor it stack-test \
  drill drill-hint drill-answer drill-stop check-links kit kit-load

# The receiver image comes first, apart from `up`: pulled once (a release, docker-compose.yml),
# or with BUILD=1 built from app/ under the same name (compose.build.yaml), and also built when
# it cannot be pulled. `up` itself then never needs the network for it: offline (conference
# Wi-Fi) BuildKit cannot reach the registry to check the Dockerfile's base images
# (moby/buildkit#5340), and the image already on this laptop is still good to run.
COMPOSE_BUILD = $(COMPOSE) -f docker-compose.yml -f compose.build.yaml
BUILD ?=
up: ## Pull the receiver image (BUILD=1: build it from app/), start, wait until every service is healthy, print the URLs
ifeq ($(BUILD),1)
	@$(COMPOSE_BUILD) build app || echo "make up: could not build the receiver image (offline?); starting the one built before" >&2
else
	@image=$$($(COMPOSE) config --images | grep -m1 '/receiver:'); \
	docker image inspect "$$image" >/dev/null 2>&1 || $(COMPOSE) pull --quiet app 2>/dev/null || { \
	  echo "make up: $$image cannot be pulled (no release yet, a fork, or no network): building it from app/" >&2; \
	  $(COMPOSE_BUILD) build app || echo "make up: could not build it either; compose says what is missing" >&2; }
endif
	$(COMPOSE) up -d --no-build --wait --wait-timeout 300
	@bash stack-tests/bin/wait-healthy.sh 120
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) urls

down: ## Stop the stack (keeps its data volumes)
	$(COMPOSE) down --remove-orphans

logs: ## Follow the logs of every service (S=app for one)
	$(COMPOSE) logs -f --tail=100 $(S)

ps: ## Show the services and their health
	$(COMPOSE) ps

urls: ## Print the URLs of the stack
	@echo ""
	@echo "  Grafana (start here)   $(GRAFANA_URL)/d/correlation-walkthrough"
	@echo "  Receiver overview      $(GRAFANA_URL)/d/receiver-overview"
	@echo "  Prometheus             http://127.0.0.1:$(PROMETHEUS_PORT)"
	@echo "  Jaeger                 http://127.0.0.1:$(JAEGER_UI_PORT)"
	@echo "  Pyroscope              http://127.0.0.1:$(PYROSCOPE_PORT)"
	@echo "  Loki (API only)        http://127.0.0.1:$(LOKI_PORT)/ready"
	@echo "  Receiver remote write  http://127.0.0.1:$(RECEIVER_PORT)/api/v1/write"
	@echo "  Receiver admin         http://127.0.0.1:$(RECEIVER_ADMIN_PORT)/debug/"
	@echo ""

open: ## Open the correlation walkthrough in the browser
	@url="$(GRAFANA_URL)/d/correlation-walkthrough"; \
	if command -v xdg-open >/dev/null; then xdg-open "$$url"; \
	elif command -v open >/dev/null; then open "$$url"; \
	else echo "open $$url in your browser"; fi

load: ## (Re)start the load generator: make load RATE=100 SERIES=500
	LOADGEN_RATE=$(RATE) LOADGEN_SERIES=$(SERIES) $(COMPOSE) up -d --no-deps --force-recreate loadgen
	@echo "loadgen: $(RATE) requests/s, $(SERIES) series each, remote write 1.0 and 2.0"

load-stop: ## Stop sending load (the rest of the stack keeps running)
	$(COMPOSE) stop loadgen

scenario: ## Switch the receiver's demo scenario: make scenario NAME=none|slow-decode|latency|errors
	@test -n "$(NAME)" || { echo "usage: make scenario NAME=none|slow-decode|latency|errors"; exit 2; }
	curl -fsS -X POST "$(ADMIN_URL)/scenario?name=$(NAME)"
	@echo ""
	@curl -fsS "$(ADMIN_URL)/scenario"; echo ""

reset: ## Stop the stack and delete its volumes (metrics, logs, profiles, Grafana state)
	$(COMPOSE) down --volumes --remove-orphans

doctor: ## Pre-flight: Docker, Compose, architecture, memory, free ports
	@bash stack-tests/bin/doctor.sh

# The chain doctor ships in the receiver image (receiver.jar's dev.o11y.doctor.CheckLinks) and
# runs there, on the stack's network, so this machine needs only Docker. A one-off container of
# loadgen rather than `exec` into app: it can mount the repository, whose grafana/ and
# prometheus/ files the doctor renders the links from, and it has its own memory limit, apart
# from the receiver it measures. The image is the one `make up` pulled or built, on this laptop
# already. The entrypoint is replaced (no second receiver, no agents); `run` publishes no port.
check-links: ## Does the walk work? One fresh request, one line per hop: a tick, or a cross and the file to look at
	@test -n "$$($(COMPOSE) ps -q app 2>/dev/null)" || { echo "✗ the receiver is not running: is the stack up? make up"; exit 2; }
	@$(COMPOSE) run --rm --no-deps --entrypoint java --volume "$(CURDIR):/stack:ro" --workdir /stack \
	  loadgen -cp /app/receiver.jar dev.o11y.doctor.CheckLinks \
	  --grafana=http://grafana:3000 --receiver=http://app:8080 --admin=http://app:8081

it: ## Integration test: start the real stack with Testcontainers and walk the chain through Grafana (needs Docker)
	$(MVN) -f app/pom.xml verify -Pit

stack-test: ## Static checks of the stack: compose config, promtool, yamllint, provisioning, image facts, docs
	bash scripts/install-tools.sh
	PATH="$(NATIVE_PATH):$$PATH" $(STACK_MVN) test

##@ A room without network (docs/facilitator.md#offline)

ARCH ?=
KIT  ?=
kit: ## Every image the stack runs, pinned, into kit/images-linux-ARCH.tar and its manifest (ARCH=amd64|arm64, default this machine's)
	@bash stack-tests/bin/kit.sh save $(ARCH)

kit-load: ## Check the kit's sha256 and load its images (KIT=path/to/images-linux-ARCH.manifest); then make up needs no network
	@bash stack-tests/bin/kit.sh load $(KIT)

##@ Drills (docs/drills.md)

drill: ## Start a hidden fault and print its symptom (SEED=n picks the same one for a whole room)
	@curl -sS -X POST "$(ADMIN_URL)/drill?seed=$(SEED)"

drill-hint: ## The next hint of the running drill (three at most)
	@curl -sS -X POST "$(ADMIN_URL)/drill/hint"

drill-answer: ## Check an answer: make drill-answer A="a method, a class or a kind of fault" (make fails when it is wrong)
	@test -n "$(A)" || { echo 'usage: make drill-answer A="a method, a class or a kind of fault"'; exit 2; }
	@curl -sS -X POST -G "$(ADMIN_URL)/drill/answer" --data-urlencode "a=$(A)" | tee /dev/stderr | grep -q '^right'

drill-stop: ## End the drill: the cause, and the path through the signals that finds it
	@curl -sS -X POST "$(ADMIN_URL)/drill/stop"

