{{/* Names and labels. Every helper carries the chart prefix "bihuan." */}}

{{- define "bihuan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bihuan.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "bihuan.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bihuan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bihuan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "bihuan.labels" -}}
helm.sh/chart: {{ include "bihuan.chart" . }}
{{ include "bihuan.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bihuan
{{- end }}

{{- define "bihuan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "bihuan.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "bihuan.image" -}}
{{- $repository := required "image.repository is required: build the image with the repository's Dockerfile and push it to your registry" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Fail-fast validation of values that values.schema.json cannot express (or that a user may bypass
with --skip-schema-validation). Included by the Deployment, so every render runs it.
*/}}
{{- define "bihuan.validate" -}}
{{- $v := .Values }}
{{- $_ := required "database.url is required (e.g. jdbc:postgresql://bihuan-db-rw:5432/bihuan)" $v.database.url }}
{{- $_ := required "database.existingSecret is required: a Secret with the database user and password (no default passwords)" $v.database.existingSecret }}
{{- $_ := required "kafka.bootstrapServers is required" $v.kafka.bootstrapServers }}
{{- $_ := required "kafka.sasl.existingSecret is required: a Secret with the SASL JAAS line (no default passwords)" $v.kafka.sasl.existingSecret }}
{{- $_ := required "events.unitSecrets.existingSecret is required: a Secret with one HMAC secret per unit code" $v.events.unitSecrets.existingSecret }}
{{- if not $v.events.unitSecrets.units }}
{{- fail "events.unitSecrets.units must name at least one unit code: without a secret no unit's signed event is accepted" }}
{{- end }}
{{- if not $v.events.requireSignatures }}
{{- fail "events.requireSignatures=false accepts events from anyone who can write to Kafka; Bihuan refuses to start that way outside the demo" }}
{{- end }}
{{- $budget := add $v.preStopSleepSeconds $v.shutdownTimeoutSeconds }}
{{- if le (int $v.terminationGracePeriodSeconds) (int $budget) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownTimeoutSeconds (%d): otherwise Kubernetes kills a node in the middle of a batch" (int $v.terminationGracePeriodSeconds) (int $budget)) }}
{{- end }}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and $v.kafkaTopics.enabled (ge (int $v.kafkaTopics.minInsyncReplicas) (int $v.kafkaTopics.replicationFactor)) (gt (int $v.kafkaTopics.replicationFactor) 1) }}
{{- fail "kafkaTopics.minInsyncReplicas must be below kafkaTopics.replicationFactor, or one broker down stops every write" }}
{{- end }}
{{- end }}

{{/* Unit code -> environment variable Spring binds to bihuan.events.unit-secrets.<code>. */}}
{{- define "bihuan.unitSecretEnvName" -}}
{{- printf "BIHUAN_EVENTS_UNITSECRETS_%s" (upper .) }}
{{- end }}
