{{/*
The objects of one component. Each template takes the dict built in component.yaml:
  root ($), name (component name), c (its values).
*/}}

{{/* Non-secret settings, read by the services as PARLEY_* environment variables. */}}
{{- define "parley.configmap" -}}
{{- $v := .root.Values -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
data:
  PARLEY_HTTP_PORT: "8080"
  PARLEY_KAFKA_BOOTSTRAP: {{ $v.kafka.bootstrapServers | quote }}
  PARLEY_KAFKA_CREATE_TOPICS: {{ $v.kafka.createTopics | quote }}
  {{- if $v.kafka.sasl.enabled }}
  KAFKA_SECURITY_PROTOCOL: {{ $v.kafka.sasl.securityProtocol | quote }}
  KAFKA_SASL_MECHANISM: {{ $v.kafka.sasl.mechanism | quote }}
  {{- end }}
  PARLEY_DB_HOST: {{ $v.postgresql.host | quote }}
  PARLEY_DB_PORT: {{ $v.postgresql.port | quote }}
  PARLEY_DB_NAME: {{ .c.database.name | quote }}
  PARLEY_DB_POOL: {{ $v.postgresql.poolSize | quote }}
  {{- if not .c.database.existingSecret }}
  PARLEY_DB_USER: {{ .c.database.user | quote }}
  {{- end }}
  PARLEY_REDIS_URL: {{ $v.redis.url | quote }}
  PARLEY_OIDC_URL: {{ $v.oidc.url | quote }}
  PARLEY_LLM_GATEWAY_URL: {{ printf "http://%s-llm-gateway:8080" (include "parley.fullname" .root) | quote }}
  PARLEY_BOT_SERVICE_URL: {{ printf "http://%s-bot-service:8080" (include "parley.fullname" .root) | quote }}
  PARLEY_CONVERSATION_SERVICE_URL: {{ printf "http://%s-conversation-service:8080" (include "parley.fullname" .root) | quote }}
  PARLEY_ROUTING_SERVICE_URL: {{ printf "http://%s-routing-service:8080" (include "parley.fullname" .root) | quote }}
  PARLEY_WHATSAPP_GRAPH_URL: {{ $v.config.whatsappGraphUrl | quote }}
  PARLEY_TELEGRAM_API_URL: {{ $v.config.telegramApiUrl | quote }}
  PARLEY_MAX_BODY_SIZE: {{ $v.config.maxBodySize | quote }}
  PARLEY_MAX_REQUEST_LINE: {{ $v.config.maxRequestLine | quote }}
  PARLEY_OTEL_EXPORTER: {{ $v.config.otelExporter | quote }}
  {{- with $v.config.otelEndpoint }}
  QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
  {{- end }}
  PARLEY_OUTBOUND_ALLOW_PRIVATE: {{ $v.config.outboundAllowPrivate | quote }}
  JAVA_OPTS_APPEND: {{ $v.config.javaOpts | quote }}
  GC_CONTAINER_OPTIONS: {{ $v.config.gc.collector | quote }}
  GC_MIN_HEAP_FREE_RATIO: {{ $v.config.gc.minHeapFreeRatio | quote }}
  GC_MAX_HEAP_FREE_RATIO: {{ $v.config.gc.maxHeapFreeRatio | quote }}
{{- end -}}

{{/* Credentials, only ever from Secrets. */}}
{{- define "parley.secretEnvs" -}}
{{- $v := .root.Values -}}
{{- $secret := include "parley.secretName" .root -}}
{{ include "parley.secretEnv" (list "PARLEY_SECRETS_KEY" $secret "secrets-key") }}
{{ include "parley.secretEnv" (list "PARLEY_OIDC_CLIENT_SECRET" $secret (printf "%s-oidc-client-secret" .name)) }}
{{- if .c.database.existingSecret }}
{{ include "parley.secretEnv" (list "PARLEY_DB_USER" .c.database.existingSecret "username") }}
{{ include "parley.secretEnv" (list "PARLEY_DB_PASSWORD" .c.database.existingSecret "password") }}
{{- else }}
{{ include "parley.secretEnv" (list "PARLEY_DB_PASSWORD" $secret (printf "%s-db-password" .name)) }}
{{- end }}
{{- if $v.redis.auth }}
{{ include "parley.secretEnv" (list "QUARKUS_REDIS_PASSWORD" $secret "redis-password") }}
{{- end }}
{{- if $v.kafka.sasl.enabled }}
{{- if $v.kafka.sasl.existingSecret }}
{{ include "parley.secretEnv" (list "KAFKA_SASL_JAAS_CONFIG" $v.kafka.sasl.existingSecret $v.kafka.sasl.existingSecretKey) }}
{{- else }}
{{ include "parley.secretEnv" (list "KAFKA_SASL_JAAS_CONFIG" $secret "kafka-sasl-jaas-config") }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "parley.deployment" -}}
{{- $v := .root.Values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
spec:
  {{- if not .c.autoscaling.enabled }}
  replicas: {{ .c.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "parley.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "parley.labels" . | nindent 8 }}
      annotations:
        # A settings change rolls the pods.
        checksum/config: {{ include "parley.configmap" . | sha256sum }}
        {{- if not $v.secrets.existingSecret }}
        checksum/secret: {{ include (print .root.Template.BasePath "/secret.yaml") .root | sha256sum }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $v.global.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $v.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .name }}
          image: {{ include "parley.image" . | quote }}
          imagePullPolicy: {{ $v.global.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "parley.componentName" . }}
          env:
            {{- include "parley.secretEnvs" . | nindent 12 }}
            {{- with .c.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          startupProbe:
            {{- include "parley.httpGet" "/q/health/started" | nindent 12 }}
            periodSeconds: 5
            failureThreshold: {{ $v.probes.startup.failureThreshold }}
          livenessProbe:
            {{- include "parley.httpGet" "/q/health/live" | nindent 12 }}
            periodSeconds: {{ $v.probes.liveness.periodSeconds }}
            failureThreshold: 3
          readinessProbe:
            {{- include "parley.httpGet" "/q/health/ready" | nindent 12 }}
            periodSeconds: {{ $v.probes.readiness.periodSeconds }}
            failureThreshold: 3
          resources:
            {{- toYaml .c.resources | nindent 12 }}
          securityContext:
            {{- toYaml $v.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpVolumeSizeLimit }}
      {{- if $v.topologySpread }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "parley.selectorLabels" . | nindent 14 }}
      {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{- define "parley.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "parley.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "parley.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "parley.componentName" . }}
  minReplicas: {{ .c.autoscaling.minReplicas }}
  maxReplicas: {{ .c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .c.autoscaling.targetCPUUtilizationPercentage }}
{{- end -}}

{{- define "parley.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .c.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "parley.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/*
Ingress: Parley's own pods (bot-service calls llm-gateway), the ingress controller or gateway, and
the metrics scraper. Egress: DNS, the infrastructure ports inside the cluster, and, when allowed,
HTTP(S) to public addresses only (what the outbound guard allows, enforced twice).
*/}}
{{- define "parley.networkpolicy" -}}
{{- $np := .root.Values.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "parley.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              {{- include "parley.releasePods" .root | nindent 14 }}
        {{- with $np.ingressFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - port: http
          protocol: TCP
    {{- with $np.metricsFrom }}
    - from:
        {{- toYaml . | nindent 8 }}
      ports:
        - port: http
          protocol: TCP
    {{- end }}
  egress:
    - ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    - to:
        - namespaceSelector: {}
      ports:
        {{- range $np.infrastructurePorts }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- if $np.externalEgress }}
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              - 10.0.0.0/8
              - 172.16.0.0/12
              - 192.168.0.0/16
              - 100.64.0.0/10
              - 169.254.0.0/16
              - 127.0.0.0/8
      ports:
        - port: 443
          protocol: TCP
        - port: 80
          protocol: TCP
    {{- end }}
{{- end -}}

{{- define "parley.servicemonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "parley.componentName" . }}
  labels:
    {{- include "parley.labels" . | nindent 4 }}
    {{- with .root.Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "parley.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /q/metrics
      interval: {{ .root.Values.serviceMonitor.interval }}
{{- end -}}
