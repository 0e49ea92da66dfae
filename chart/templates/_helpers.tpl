{{/* Names and labels */}}

{{- define "helpdesk.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* At most 38 characters: names add suffixes (up to "-postgresql", and the CloudNativePG operator its own to the Cluster's name) and must stay DNS labels. */}}
{{- define "helpdesk.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 38 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 38 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 38 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "helpdesk.selectorLabels" -}}
app.kubernetes.io/name: {{ include "helpdesk.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "helpdesk.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "helpdesk.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: helpdesk
{{- end -}}

{{/* Labels of one component: (dict "ctx" $ "component" "api") */}}
{{- define "helpdesk.componentLabels" -}}
{{ include "helpdesk.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "helpdesk.componentSelector" -}}
{{ include "helpdesk.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "helpdesk.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "helpdesk.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "helpdesk.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "helpdesk.postgresqlHost" -}}{{ include "helpdesk.fullname" . }}-postgresql{{- end -}}
{{- define "helpdesk.redisHost" -}}{{ include "helpdesk.fullname" . }}-redis{{- end -}}
{{- define "helpdesk.apiHost" -}}{{ include "helpdesk.fullname" . }}-api{{- end -}}
{{- define "helpdesk.smtpHost" -}}{{ include "helpdesk.fullname" . }}-smtp{{- end -}}

{{/* Which database and Redis this release uses; fails with a clear message on a contradiction. */}}
{{- define "helpdesk.databaseMode" -}}
{{- $external := or .Values.externalDatabase.url .Values.externalDatabase.existingSecret -}}
{{- if and .Values.postgresql.enabled $external -}}
{{- fail "externalDatabase is set: also set postgresql.enabled=false (the chart would otherwise install its own PostgreSQL)" -}}
{{- else if $external -}}external
{{- else if not .Values.postgresql.enabled -}}
{{- fail "no database: enable postgresql (bundled or postgresql.cloudnativepg.enabled) or set externalDatabase.url or externalDatabase.existingSecret" -}}
{{- else if .Values.postgresql.cloudnativepg.enabled -}}cloudnativepg
{{- else -}}bundled
{{- end -}}
{{- end -}}

{{- define "helpdesk.redisMode" -}}
{{- $external := or .Values.externalRedis.url .Values.externalRedis.existingSecret -}}
{{- if and .Values.redis.enabled $external -}}
{{- fail "externalRedis is set: also set redis.enabled=false (the chart would otherwise install its own Redis)" -}}
{{- else if $external -}}external
{{- else if not .Values.redis.enabled -}}
{{- fail "no Redis: enable redis or set externalRedis.url or externalRedis.existingSecret" -}}
{{- else -}}bundled
{{- end -}}
{{- end -}}

{{/*
Secrets. The chart's Secret holds what it generates (kept across upgrades by reading the
live Secret with lookup) and what the values provide. Keys:
  generated: secret-key, postgres-password, redis-password, admin-password (when not given)
  provided:  database-url, redis-url, licence-key, admin-password (when given)
*/}}

{{/* A generated value: the live Secret's, else a new random one. (dict "ctx" $ "key" "secret-key" "length" 48) */}}
{{- define "helpdesk.generated" -}}
{{- $live := lookup "v1" "Secret" .ctx.Release.Namespace (include "helpdesk.fullname" .ctx) -}}
{{- $data := dig "data" (dict) ($live | default (dict)) -}}
{{- if hasKey $data .key -}}
{{- index $data .key -}}
{{- else -}}
{{- randAlphaNum (int .length) | b64enc -}}
{{- end -}}
{{- end -}}

{{/* The data block of the chart's Secret: provided values only (hook=true) or everything. */}}
{{- define "helpdesk.secretData" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
{{- if and (not .providedOnly) (not $v.secrets.existingSecret) }}
secret-key: {{ include "helpdesk.generated" (dict "ctx" $ctx "key" "secret-key" "length" 48) }}
{{- if eq (include "helpdesk.databaseMode" $ctx) "bundled" }}
postgres-password: {{ include "helpdesk.generated" (dict "ctx" $ctx "key" "postgres-password" "length" 32) }}
{{- end }}
{{- if eq (include "helpdesk.redisMode" $ctx) "bundled" }}
redis-password: {{ include "helpdesk.generated" (dict "ctx" $ctx "key" "redis-password" "length" 32) }}
{{- end }}
{{- end }}
{{- if and (not .providedOnly) (not $v.admin.existingSecret) (not $v.admin.password) }}
admin-password: {{ include "helpdesk.generated" (dict "ctx" $ctx "key" "admin-password" "length" 20) }}
{{- end }}
{{- if and $v.admin.password (not $v.admin.existingSecret) }}
admin-password: {{ $v.admin.password | b64enc }}
{{- end }}
{{- if and $v.externalDatabase.url (not $v.externalDatabase.existingSecret) }}
database-url: {{ $v.externalDatabase.url | b64enc }}
{{- end }}
{{- if and $v.externalRedis.url (not $v.externalRedis.existingSecret) }}
redis-url: {{ $v.externalRedis.url | b64enc }}
{{- end }}
{{- if and $v.licence.key (not $v.licence.existingSecret) }}
licence-key: {{ $v.licence.key | b64enc }}
{{- end }}
{{- end -}}

{{/* An env entry from a Secret key. (dict "name" "X" "secret" "s" "key" "k" "optional" false) */}}
{{- define "helpdesk.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{/*
The environment of an app container. (dict "ctx" $ "role" "api" "upgradeHook" false)
The migrations hook on upgrade reads provided values from its own hook Secret, rendered
from the new values: the chart's Secret still holds the old ones until the upgrade applies.
*/}}
{{- define "helpdesk.env" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
{{- $fullname := include "helpdesk.fullname" $ctx -}}
{{- $generated := default $fullname $v.secrets.existingSecret -}}
{{- $provided := ternary (printf "%s-migrate" $fullname) $fullname (default false .upgradeHook) -}}
- name: HELPDESK_ROLE
  value: {{ .role }}
- name: PORT
  value: "8080"
- name: HOST
  value: "0.0.0.0"
- name: HELPDESK_DATA_DIR
  value: /tmp/helpdesk
{{- $db := include "helpdesk.databaseMode" $ctx }}
{{- if eq $db "external" }}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_URL" "secret" (default $provided $v.externalDatabase.existingSecret) "key" (ternary $v.externalDatabase.existingSecretKey "database-url" (not (empty $v.externalDatabase.existingSecret)))) }}
{{- else if eq $db "cloudnativepg" }}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_URL" "secret" (printf "%s-postgresql-app" $fullname) "key" "uri") }}
{{- else }}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_PASSWORD" "secret" $generated "key" "postgres-password") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s" $v.postgresql.username (include "helpdesk.postgresqlHost" $ctx) $v.postgresql.database | quote }}
{{- end }}
{{- if ne .role "migrate" }}
{{- if eq (include "helpdesk.redisMode" $ctx) "external" }}
{{ include "helpdesk.secretEnv" (dict "name" "REDIS_URL" "secret" (default $provided $v.externalRedis.existingSecret) "key" (ternary $v.externalRedis.existingSecretKey "redis-url" (not (empty $v.externalRedis.existingSecret)))) }}
{{- else }}
{{ include "helpdesk.secretEnv" (dict "name" "REDIS_PASSWORD" "secret" $generated "key" "redis-password") }}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s:6379/0" (include "helpdesk.redisHost" $ctx) | quote }}
{{- end }}
{{- end }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_SECRET_KEY" "secret" $generated "key" "secret-key") }}
{{- if $v.licence.existingSecret }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_LICENCE_KEY" "secret" $v.licence.existingSecret "key" $v.licence.existingSecretKey) }}
{{- else if $v.licence.key }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_LICENCE_KEY" "secret" $provided "key" "licence-key") }}
{{- end }}
{{- if eq .role "migrate" }}
- name: HELPDESK_ADMIN_EMAIL
  value: {{ $v.admin.email | quote }}
{{- if $v.admin.existingSecret }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_ADMIN_PASSWORD" "secret" $v.admin.existingSecret "key" $v.admin.existingSecretKey) }}
{{- else if $v.admin.password }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_ADMIN_PASSWORD" "secret" $provided "key" "admin-password") }}
{{- else }}
{{ include "helpdesk.secretEnv" (dict "name" "HELPDESK_ADMIN_PASSWORD" "secret" $fullname "key" "admin-password") }}
{{- end }}
{{- end }}
{{- if eq .role "smtp" }}
- name: SMTP_PORT
  value: "2525"
{{- if $v.smtp.proxyProtocol.enabled }}
- name: SMTP_PROXY_PROTOCOL
  value: {{ ternary (join "," $v.smtp.proxyProtocol.trustedAddresses) "true" (not (empty $v.smtp.proxyProtocol.trustedAddresses)) | quote }}
{{- end }}
{{- if $v.smtp.tls.existingSecret }}
- name: SMTP_TLS_CERT_FILE
  value: /etc/helpdesk/smtp-tls/tls.crt
- name: SMTP_TLS_KEY_FILE
  value: /etc/helpdesk/smtp-tls/tls.key
{{- end }}
{{- end }}
{{- range $name, $value := include "helpdesk.configData" $ctx | fromYaml }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- if ne .role "migrate" }}
{{- with (index $v .role).extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Settings every role shares (plain values). */}}
{{- define "helpdesk.configData" -}}
{{- $c := .Values.config -}}
HELPDESK_MAILBOX: {{ $c.mailbox | quote }}
{{- with $c.mailDomain }}
HELPDESK_MAIL_DOMAIN: {{ . | quote }}
{{- end }}
LOG_LEVEL: {{ $c.logLevel | quote }}
LOG_FORMAT: {{ $c.logFormat | quote }}
HELPDESK_TRUST_PROXY: {{ ternary (join "," $c.trustedProxies) (toString $c.trustProxy) (gt (len $c.trustedProxies) 0) | quote }}
HELPDESK_COOKIE_SECURE: {{ $c.cookieSecure | toString | quote }}
HELPDESK_SESSION_TTL_HOURS: {{ $c.sessionTtlHours | int64 | quote }}
DATABASE_POOL_SIZE: {{ $c.databasePoolSize | int64 | quote }}
HELPDESK_WORKER_CONCURRENCY: {{ $c.workerConcurrency | int64 | quote }}
HELPDESK_INBOUND_SWEEP_SECONDS: {{ $c.inboundSweepSeconds | int64 | quote }}
HELPDESK_LOGIN_LIMIT_PER_ACCOUNT: {{ $c.loginLimitPerAccount | int64 | quote }}
HELPDESK_LOGIN_LIMIT_PER_IP: {{ $c.loginLimitPerIp | int64 | quote }}
HELPDESK_LOGIN_LIMIT_WINDOW_SECONDS: {{ $c.loginLimitWindowSeconds | int64 | quote }}
SMTP_MAX_MESSAGE_BYTES: {{ $c.smtpMaxMessageBytes | int64 | quote }}
SMTP_MAX_CLIENTS: {{ $c.smtpMaxClients | int64 | quote }}
{{- end -}}

{{/* Writable paths of the read-only app containers. */}}
{{- define "helpdesk.appVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}

{{- define "helpdesk.appVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Generated topology spread of one role, unless the role sets its own. */}}
{{- define "helpdesk.topologySpread" -}}
{{- $ctx := .ctx -}}
{{- $custom := (index $ctx.Values .component).topologySpreadConstraints -}}
{{- if $custom -}}
{{ toYaml $custom }}
{{- else if $ctx.Values.topologySpread.enabled -}}
{{- range $ctx.Values.topologySpread.topologyKeys }}
- maxSkew: {{ $ctx.Values.topologySpread.maxSkew }}
  topologyKey: {{ . }}
  whenUnsatisfiable: {{ $ctx.Values.topologySpread.whenUnsatisfiable }}
  labelSelector:
    matchLabels:
      {{- include "helpdesk.componentSelector" (dict "ctx" $ctx "component" $.component) | nindent 6 }}
  matchLabelKeys:
    - pod-template-hash
{{- end }}
{{- end -}}
{{- end -}}

{{/*
Rolls the pods when a value of the chart's Secret changes (plain settings are in the pod
spec itself). Generated keys never change after the install, so the provided ones say it all.
*/}}
{{- define "helpdesk.checksums" -}}
checksum/secret: {{ include "helpdesk.secretData" (dict "ctx" . "providedOnly" true) | sha256sum }}
{{- end -}}
