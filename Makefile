# The workshop in two commands: `make up` and `make test`. `make help` lists the rest.
SHELL := bash
.DEFAULT_GOAL := help

MVN      ?= mvn -B -ntp
APP_JAR  := app/target/receiver.jar
GIT_REV  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
GIT_BR   := $(shell git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
BUILD_INFO := -Dgit.revision=$(GIT_REV) -Dgit.branch=$(GIT_BR)

# Where `make run` sends telemetry: the stack's published ports on this machine, from .env
# when you made one (cp .env.example .env), else the defaults of docker-compose.yml.
-include .env
JAEGER_OTLP_HTTP_PORT ?= 14318
LOKI_PORT             ?= 13100
PYROSCOPE_PORT        ?= 14040
export OTEL_SERVICE_NAME                   ?= receiver
export OTEL_EXPORTER_OTLP_PROTOCOL         ?= http/protobuf
export OTEL_EXPORTER_OTLP_TRACES_ENDPOINT  ?= http://127.0.0.1:$(JAEGER_OTLP_HTTP_PORT)/v1/traces
export OTEL_EXPORTER_OTLP_LOGS_ENDPOINT    ?= http://127.0.0.1:$(LOKI_PORT)/otlp/v1/logs
export PYROSCOPE_SERVER_ADDRESS            ?= http://127.0.0.1:$(PYROSCOPE_PORT)


##@ Help
help: ## Show the targets, grouped
	@awk 'BEGIN {FS = ":.*## "} \
	  /^##@/ {printf "\n\033[1m%s\033[0m\n", substr($$0, 5)} \
	  /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ Receiver (native, no Docker)
build: ## Build app/target/receiver.jar and the agents in app/target/agents
	$(MVN) -q -f app/pom.xml package -DskipTests $(BUILD_INFO)

# The agents' paths in app/agents.args are relative to app/target, where the build puts them.
run: build ## Run the receiver here with both agents, sending to `make up`'s backends (ARGS=... for flags)
	cd $(dir $(APP_JAR)) && java @../jvm.args @../agents.args -jar receiver.jar $(ARGS)

run-plain: build ## Run the receiver without agents (ARGS=... for flags)
	java @app/jvm.args -jar $(APP_JAR) $(ARGS)

# The native builds of the stack's Prometheus and Jaeger, first on PATH for the tests.
NATIVE_PATH = $$(bash scripts/native-tools.sh --path)

##@ Quality
test: tools native-tools ## Every test that can run on this machine (unit, integration, end-to-end, static stack checks)
	PATH="$(NATIVE_PATH):$$PATH" $(MVN) -f app/pom.xml verify $(BUILD_INFO)
	@if [ -f stack.mk ]; then $(MAKE) --no-print-directory stack-test; fi
	@$(MAKE) --no-print-directory slides-test
	@cat app/target/compliance/summary.txt 2>/dev/null || true

tools: ## Install the checkers the tests take from Debian (yamllint, chromium) when root
	@bash scripts/install-tools.sh

native-tools: ## Build the stack's Prometheus, promtool, Jaeger, Docker Compose v5, the compliance suite and actionlint from the Go module proxy (cached)
	@bash scripts/native-tools.sh

fuzz: ## Fuzz the decoder, the UTF-8 check and the HTTP handler with Jazzer for longer (FUZZ_DURATION=5m each)
	$(MVN) -f app/pom.xml test-compile surefire:test@fuzz-decoder surefire:test@fuzz-utf8 surefire:test@fuzz-http \
	  -Dfuzz.duration=$(or $(FUZZ_DURATION),5m)

lint: tools ## Lint every YAML file of the project
	yamllint -s -c stack-tests/yamllint.yml .

##@ Performance
bench: build ## JMH decode benchmarks, then the wrk load run against the receiver, Prometheus and VictoriaMetrics
	$(MVN) -q -f app/pom.xml -Pbench test-compile dependency:build-classpath \
	  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	cd app && java -cp target/classes:target/test-classes:$$(cat target/bench.classpath) dev.o11y.bench.BenchReport \
	  | tee target/bench-decode.txt
	DECODE_LIMIT_RPS=$$(awk '$$1 == "countOnlyWalkV1" {print $$2}' app/target/bench-decode.txt) \
	  DECODE_LIMIT_RPS_V2=$$(awk '$$1 == "countOnlyWalkV2Real" {print $$2}' app/target/bench-decode.txt) bash scripts/bench-load.sh

footprint: tools native-tools ## Peak memory of each program under the workshop's load, beside its compose mem_limit (FOOTPRINT_MINUTES=5)
	@PATH="$(NATIVE_PATH):$$PATH" $(MVN) -q -f app/pom.xml verify -Pfootprint \
	  -Dfootprint.minutes=$(or $(FOOTPRINT_MINUTES),5) $(BUILD_INFO); status=$$?; \
	  cat app/target/footprint.txt 2>/dev/null; exit $$status

soak: tools native-tools ## A workshop's hours natively: load, a drill every 15 min, RSS each minute, the walk from the first minutes (SOAK_MINUTES=120)
	@PATH="$(NATIVE_PATH):$$PATH" $(MVN) -q -f app/pom.xml verify -Psoak \
	  -Dsoak.minutes=$(or $(SOAK_MINUTES),120) $(BUILD_INFO); status=$$?; \
	  cat app/target/soak/summary.txt 2>/dev/null; exit $$status

soak-plot: ## Draw the last soak's resident memory over time into docs/img/soak-rss.svg (Node; CSV=another run's rss.csv)
	@cd scripts/soak-plot && { [ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; }
	node scripts/soak-plot/plot.mjs $(or $(CSV),app/target/soak/rss.csv) docs/img/soak-rss.svg

retention: tools native-tools ## Hours of the default load's traces into the stack's Jaeger, then the oldest (RETENTION_HOURS=3)
	@PATH="$(NATIVE_PATH):$$PATH" $(MVN) -q -f app/pom.xml verify -Pretention \
	  -Dretention.hours=$(or $(RETENTION_HOURS),3) $(BUILD_INFO); status=$$?; \
	  cat app/target/retention.txt 2>/dev/null; exit $$status

##@ Talk
slides: build talk-links ## Build the talk as slides/build/talk.html and talk.pdf, from the code and a real run of the receiver
	@bash slides/bin/setup.sh
	node slides/bin/build.mjs
	cp slides/build/architecture.png docs/img/architecture.png

talk-links: ## Point the code links of docs/talk.md at their regions' current lines
	@bash slides/bin/setup.sh
	node slides/bin/talk-links.mjs

slides-test: ## The deck's checks (part of make test): regions, talk.md's links, the recorded run, each slide's layout, the PDF
	@bash slides/bin/test.sh

.PHONY: help build run run-plain test tools native-tools fuzz bench footprint soak soak-plot retention lint slides talk-links slides-test

-include stack.mk
