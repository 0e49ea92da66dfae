{{/* Names and labels */}}

{{/*
Values added after the first release (0.1.0), merged under the given values. `helm upgrade
--reuse-values` replaces this chart's values.yaml by the previous release's computed values, so
keys added since are missing there; every template starts with `include "helpdesk.init"`, which
puts them back with their defaults (existing values win). A key added to values.yaml later is
added here too (test/chart checks both agree).
*/}}
{{- define "helpdesk.addedDefaults" -}}
global:
  imageRegistry: ""
image:
  registry: ""
  digest: ""
config:
  host: "::"
  trustedProxies: []
api:
  preStopSleepSeconds: 10
smtp:
  preStopSleepSeconds: 15
  tls:
    certManager:
      enabled: false
      dnsNames: []
      issuerRef:
        name: ""
        kind: ClusterIssuer
        group: cert-manager.io
migrations:
  installBackoffLimit: 10
postgresql:
  image:
    registry: ""
    digest: ""
  maxConnections: 200
  reservedConnections: 10
  parameters: {}
  cloudnativepg:
    backup:
      enabled: false
      destinationPath: ""
      endpointURL: ""
      existingSecret: ""
      retentionPolicy: 30d
      schedule: "0 30 2 * * *"
externalDatabase:
  maxConnections: 0
redis:
  image:
    registry: ""
    digest: ""
  maxmemory: ""
metrics:
  port: 9464
  service:
    enabled: true
  serviceMonitor:
    enabled: false
    interval: 30s
    labels: {}
  podMonitor:
    enabled: false
    interval: 30s
    labels: {}
  prometheusRule:
    enabled: false
    labels: {}
    spoolAgeSeconds: 300
  dashboard:
    enabled: false
    labels:
      grafana_dashboard: "1"
    annotations: {}
backup:
  enabled: false
  schedule: "30 2 * * *"
  timeZone: Etc/UTC
  keep: 14
  destination: pvc
  pvc:
    existingClaim: ""
    size: 20Gi
    storageClass: ""
  s3:
    endpoint: ""
    bucket: ""
    prefix: helpdesk/
    region: us-east-1
    existingSecret: ""
  s3Image:
    registry: docker.io
    repository: amazon/aws-cli
    tag: "2.27.0"
    digest: ""
    pullPolicy: IfNotPresent
  resources:
    requests: { cpu: 50m, memory: 128Mi }
    limits: { memory: 512Mi }
objectStorage:
  enabled: false
  endpoint: ""
  bucket: ""
  region: us-east-1
  forcePathStyle: true
  store: s3
  accessKeyId: ""
  secretAccessKey: ""
  existingSecret: ""
{{- end -}}

{{/* Fills in values added since 0.1.0 (see helpdesk.addedDefaults); idempotent, call it first in every template. */}}
{{- define "helpdesk.init" -}}
{{- if not (hasKey .Values "_helpdeskInit") -}}
{{- include "helpdesk.fillMissing" (dict "dst" .Values "src" (include "helpdesk.addedDefaults" . | fromYaml)) -}}
{{- $_ := set .Values "_helpdeskInit" true -}}
{{- end -}}
{{- end -}}

{{/* Adds the keys of src that dst lacks, recursively; never touches a key dst has (not even a 0, "" or false: sprig's merge would). */}}
{{- define "helpdesk.fillMissing" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if not (hasKey $dst $key) -}}
{{- $_ := set $dst $key $value -}}
{{- else if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "helpdesk.fillMissing" (dict "dst" (get $dst $key) "src" $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

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

{{/*
An image reference: (dict "image" .Values.x.image "ctx" $ "defaultTag" "1.0"). global.imageRegistry,
else the image's registry, prefixes the repository; a repository that names its own registry (its
first part has a dot or a colon, or is localhost: the rule of docker and containerd) keeps it unless
global.imageRegistry is set. A digest replaces the tag.
*/}}
{{- define "helpdesk.imageRef" -}}
{{- $i := .image -}}
{{- $repository := $i.repository -}}
{{- $parts := splitList "/" $repository -}}
{{- $first := first $parts -}}
{{- $namesRegistry := and (gt (len $parts) 1) (or (contains "." $first) (contains ":" $first) (eq $first "localhost")) -}}
{{- $global := .ctx.Values.global.imageRegistry -}}
{{- if and $namesRegistry $global -}}
{{- $repository = join "/" (rest $parts) -}}
{{- end -}}
{{- $registry := ternary "" (default $i.registry $global) (and $namesRegistry (not $global)) -}}
{{- $name := ternary (printf "%s/%s" $registry $repository) $repository (not (empty $registry)) -}}
{{- if $i.digest -}}
{{- printf "%s@%s" $name $i.digest -}}
{{- else -}}
{{- printf "%s:%s" $name (toString (default .defaultTag $i.tag)) -}}
{{- end -}}
{{- end -}}

{{- define "helpdesk.image" -}}
{{- include "helpdesk.imageRef" (dict "image" .Values.image "ctx" . "defaultTag" .Chart.AppVersion) -}}
{{- end -}}

{{/*
Labels of the bundled PostgreSQL and Redis pods: no chart version or app version, so a new
chart release does not restart them (their pods would all go at once: one replica each).
*/}}
{{- define "helpdesk.storePodLabels" -}}
{{ include "helpdesk.componentSelector" . }}
app.kubernetes.io/part-of: helpdesk
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

{{/*
A generated value: the live Secret's, else a new random one. (dict "ctx" $ "key" "secret-key" "length" 48)
On an upgrade that can see the cluster (its namespace answers lookup) a missing Secret or key is an
error, never a new value: new passwords would lock the app out of its database's volume and new
keys would break every reply token (the bitnami charts' rule). Renders that cannot see the cluster
(helm template, Argo CD) cannot tell: for GitOps, hand the keys over in secrets.existingSecret.
*/}}
{{- define "helpdesk.generated" -}}
{{- $ns := .ctx.Release.Namespace -}}
{{- $name := include "helpdesk.fullname" .ctx -}}
{{- $live := lookup "v1" "Secret" $ns $name -}}
{{- $data := dig "data" (dict) ($live | default (dict)) -}}
{{- if hasKey $data .key -}}
{{- index $data .key -}}
{{- else if and .ctx.Release.IsUpgrade (lookup "v1" "Namespace" "" $ns) -}}
{{- fail (printf "the Secret %s/%s has no %q: it holds keys generated on install (secret-key, postgres-password, redis-password, admin-password) that must never change, and this upgrade would generate new ones. Restore the Secret (from a backup, or create it with the old values: kubectl -n %s create secret generic %s --from-literal=%s=...), or give them in secrets.existingSecret." $ns $name .key $ns $name .key) -}}
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
{{- if and $v.objectStorage.enabled $v.objectStorage.accessKeyId (not .providedOnly) }}
s3-access-key-id: {{ $v.objectStorage.accessKeyId | b64enc }}
s3-secret-access-key: {{ $v.objectStorage.secretAccessKey | b64enc }}
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
  value: {{ $v.config.host | quote }}
- name: METRICS_PORT
  value: {{ $v.metrics.port | quote }}
- name: HELPDESK_DATA_DIR
  value: /tmp/helpdesk
{{ include "helpdesk.databaseEnv" (dict "ctx" $ctx "secret" $provided) }}
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
{{- if include "helpdesk.smtpTlsSecret" $ctx }}
- name: SMTP_TLS_CERT_FILE
  value: /etc/helpdesk/smtp-tls/tls.crt
- name: SMTP_TLS_KEY_FILE
  value: /etc/helpdesk/smtp-tls/tls.key
{{- end }}
{{- end }}
{{- if and $v.objectStorage.enabled (has .role (list "api" "worker")) }}
{{ include "helpdesk.objectStorageEnv" $ctx }}
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

{{/*
The bucket of attachments and processed raw mail (api and worker: the roles that read and write
files; smtp commits raw mail to PostgreSQL only). Credentials from objectStorage.existingSecret,
else from the chart's Secret, else none (the AWS SDK's default chain: IRSA, Pod Identity).
*/}}
{{- define "helpdesk.objectStorageEnv" -}}
{{- $o := .Values.objectStorage -}}
{{- if not $o.bucket }}
{{- fail "objectStorage.enabled needs objectStorage.bucket" }}
{{- end }}
{{- if not (has $o.store (list "s3" "postgres")) }}
{{- fail (printf "objectStorage.store must be s3 or postgres, not %q" $o.store) }}
{{- end }}
{{- if and $o.existingSecret (or $o.accessKeyId $o.secretAccessKey) }}
{{- fail "objectStorage: give the access keys in objectStorage.existingSecret or in accessKeyId/secretAccessKey, not both" }}
{{- end }}
{{- if ne (empty $o.accessKeyId) (empty $o.secretAccessKey) }}
{{- fail "objectStorage.accessKeyId and objectStorage.secretAccessKey go together" }}
{{- end -}}
- name: S3_BUCKET
  value: {{ $o.bucket | quote }}
- name: S3_REGION
  value: {{ $o.region | quote }}
- name: S3_FORCE_PATH_STYLE
  value: {{ $o.forcePathStyle | quote }}
{{- with $o.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: HELPDESK_BLOB_STORE
  value: {{ $o.store | quote }}
{{- $secret := $o.existingSecret | default (ternary (include "helpdesk.fullname" .) "" (not (empty $o.accessKeyId))) }}
{{- if $secret }}
{{ include "helpdesk.secretEnv" (dict "name" "S3_ACCESS_KEY_ID" "secret" $secret "key" (ternary "access-key-id" "s3-access-key-id" (not (empty $o.existingSecret)))) }}
{{ include "helpdesk.secretEnv" (dict "name" "S3_SECRET_ACCESS_KEY" "secret" $secret "key" (ternary "secret-access-key" "s3-secret-access-key" (not (empty $o.existingSecret)))) }}
{{- end }}
{{- end -}}

{{/* The Secret holding the SMTP certificate (existing, or the cert-manager Certificate's); empty: no STARTTLS. */}}
{{- define "helpdesk.smtpTlsSecret" -}}
{{- if .Values.smtp.tls.existingSecret -}}
{{- .Values.smtp.tls.existingSecret -}}
{{- else if .Values.smtp.tls.certManager.enabled -}}
{{- include "helpdesk.fullname" . }}-smtp-tls
{{- end -}}
{{- end -}}

{{/* The lifecycle of a role that takes connections: a pause before SIGTERM (Kubernetes' sleep action). */}}
{{- define "helpdesk.lifecycle" -}}
{{- $seconds := int (default 0 (index .ctx.Values .role).preStopSleepSeconds) -}}
{{- if gt $seconds 0 -}}
preStop:
  sleep:
    seconds: {{ $seconds }}
{{- end -}}
{{- end -}}

{{/* A Kubernetes quantity (e.g. 256Mi, 1G, 1.5Gi, 1000000) in bytes, as an integer. */}}
{{- define "helpdesk.bytes" -}}
{{- $q := toString . -}}
{{- $units := dict "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "K" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $number := regexFind "^[0-9.]+" $q -}}
{{- $unit := trimPrefix $number $q -}}
{{- if and $unit (not (hasKey $units $unit)) -}}
{{- fail (printf "cannot read the quantity %q (use a number, or one with Ki, Mi, Gi, Ti, k, M, G, T)" $q) -}}
{{- end -}}
{{- mulf (float64 $number) (float64 (default 1 (get $units $unit))) | int64 -}}
{{- end -}}

{{/* Redis's --maxmemory in bytes: redis.maxmemory, else 75% of its memory limit; empty without either. */}}
{{- define "helpdesk.redisMaxmemory" -}}
{{- $r := .Values.redis -}}
{{- if $r.maxmemory -}}
{{- include "helpdesk.bytes" $r.maxmemory -}}
{{- else if dig "limits" "memory" "" ($r.resources | default dict) -}}
{{- div (mul (include "helpdesk.bytes" $r.resources.limits.memory | int64) 3) 4 -}}
{{- end -}}
{{- end -}}

{{/*
The PostgreSQL connection budget, checked on every render. Each pod of each role opens up to
config.databasePoolSize connections (the pool) plus 2 (the schema check and advisory locks on
start); a rollout adds maxSurge (25%, at least one) pods of each role; the migrations Job and the
backup connect too; reservedConnections stay free for superusers and tools. The render fails
when that exceeds max_connections. Outputs the budget.
*/}}
{{- define "helpdesk.connectionBudget" -}}
{{- $v := .Values -}}
{{- $pool := int $v.config.databasePoolSize -}}
{{- $perPod := add $pool 2 -}}
{{- $pods := 0 -}}
{{- $lines := list -}}
{{- range $role := list "api" "worker" "smtp" -}}
{{- $r := index $v $role -}}
{{- $max := int (ternary $r.autoscaling.maxReplicas $r.replicas $r.autoscaling.enabled) -}}
{{- $surge := int (ceil (divf $max 4.0)) -}}
{{- $pods = add $pods $max $surge -}}
{{- $lines = append $lines (printf "%s %d+%d" $role $max $surge) -}}
{{- end -}}
{{- $backup := ternary 1 0 (and $v.backup.enabled (ne (include "helpdesk.databaseMode" .) "cloudnativepg")) -}}
{{- $need := add (mul $pods $perPod) (add $pool 2) $backup -}}
{{- $mode := include "helpdesk.databaseMode" . -}}
{{- $limit := int $v.postgresql.maxConnections -}}
{{- if eq $mode "cloudnativepg" -}}
{{- $limit = int (default $v.postgresql.maxConnections (index $v.postgresql.cloudnativepg.parameters "max_connections")) -}}
{{- else if eq $mode "external" -}}
{{- $limit = int $v.externalDatabase.maxConnections -}}
{{- end -}}
{{- $available := sub $limit (int $v.postgresql.reservedConnections) -}}
{{- if and (gt $limit 0) (gt $need $available) -}}
{{- fail (printf "PostgreSQL connections: the app can open %d (pods at most, with rollout surge: %s = %d, each config.databasePoolSize %d + 2; the migrations Job %d; the backup %d), but max_connections %d minus postgresql.reservedConnections %d leaves %d. Raise %s, lower config.databasePoolSize, or lower the replicas / autoscaling.maxReplicas." $need (join ", " $lines) $pods $pool (add $pool 2) $backup $limit (int $v.postgresql.reservedConnections) $available (ternary "externalDatabase.maxConnections (what your server allows this app)" (ternary "postgresql.cloudnativepg.parameters.max_connections" "postgresql.maxConnections" (eq $mode "cloudnativepg")) (eq $mode "external"))) -}}
{{- end -}}
{{- $need -}}
{{- end -}}

{{/*
DATABASE_URL (and DATABASE_PASSWORD it refers to) for the database of this release.
(dict "ctx" $ "secret" "<the Secret of provided values>")
*/}}
{{- define "helpdesk.databaseEnv" -}}
{{- $ctx := .ctx -}}
{{- $v := $ctx.Values -}}
{{- $fullname := include "helpdesk.fullname" $ctx -}}
{{- $db := include "helpdesk.databaseMode" $ctx -}}
{{- if eq $db "external" -}}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_URL" "secret" (default .secret $v.externalDatabase.existingSecret) "key" (ternary $v.externalDatabase.existingSecretKey "database-url" (not (empty $v.externalDatabase.existingSecret)))) }}
{{- else if eq $db "cloudnativepg" -}}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_URL" "secret" (printf "%s-postgresql-app" $fullname) "key" "uri") }}
{{- else -}}
{{ include "helpdesk.secretEnv" (dict "name" "DATABASE_PASSWORD" "secret" (default $fullname $v.secrets.existingSecret) "key" "postgres-password") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s" $v.postgresql.username (include "helpdesk.postgresqlHost" $ctx) $v.postgresql.database | quote }}
{{- end -}}
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
