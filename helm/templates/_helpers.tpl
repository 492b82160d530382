{{- define "sen2cor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The usual fullname rule, plus: a release named like the start of the chart name (`helm install sen2cor`) is not
repeated in front of it (sen2cor-operator, not sen2cor-sen2cor-operator).
*/}}
{{- define "sen2cor.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "sen2cor.name" . -}}
{{- if or (contains $name .Release.Name) (hasPrefix .Release.Name $name) -}}
{{- (ternary .Release.Name $name (contains $name .Release.Name)) | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Cluster-scoped names carry the namespace: two releases of one name in two namespaces must not share them. */}}
{{- define "sen2cor.clusterName" -}}
{{- printf "%s-%s" (include "sen2cor.fullname" .) .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sen2cor.labels" -}}
app.kubernetes.io/name: {{ include "sen2cor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "sen2cor.selector" -}}
app.kubernetes.io/name: {{ include "sen2cor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sen2cor.serviceAccountName" -}}
{{- default (include "sen2cor.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "sen2cor.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.registry -}}{{ printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag }}{{- else -}}{{ printf "%s:%s" .Values.image.repository $tag }}{{- end -}}
{{- end -}}

{{/* The namespaces whose Sen2CorJobs the operator watches, as a JSON list; [] for all. */}}
{{- define "sen2cor.watchedNamespaces" -}}
{{- if .Values.watchOwnNamespaceOnly -}}
{{- list .Release.Namespace | toJson -}}
{{- else -}}
{{- .Values.watchNamespaces | default list | toJson -}}
{{- end -}}
{{- end -}}

{{/* What the operator does in a namespace whose Sen2CorJobs it watches (ClusterRole when it watches all). */}}
{{- define "sen2cor.namespacedRules" -}}
- apiGroups: [sen2cor.io]
  resources: [sen2corjobs]
  verbs: [get, list, watch, patch, update, create, delete]  # create, delete: a Sen2CorSubscription's jobs
- apiGroups: [sen2cor.io]
  resources: [sen2corjobs/status]
  verbs: [get, patch, update]
- apiGroups: [sen2cor.io]
  resources: [sen2corsubscriptions]
  verbs: [get, list, watch, patch, update]
- apiGroups: [sen2cor.io]
  resources: [sen2corsubscriptions/status]
  verbs: [get, patch, update]
- apiGroups: [sen2cor.io]
  resources: [sen2corjobs/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [events]
  verbs: [create, get, patch]  # get + patch: a repeated Event raises its count
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, patch, update, delete]  # delete: the skip check's Job once read
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, create, delete]  # delete: a scene manifest whose Job the API server refused, a skip check's
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]   # read through a labelled informer
- apiGroups: [""]
  resources: [persistentvolumeclaims, serviceaccounts]
  verbs: [get]
- apiGroups: [kueue.x-k8s.io]
  resources: [localqueues]
  verbs: [get]
- apiGroups: [kueue.x-k8s.io]
  resources: [workloads]
  verbs: [get, list, patch]  # why a Job is not admitted; spec.active to suspend a Job under Kueue
{{- if .Values.rbac.checkSecrets }}
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
{{- end -}}
