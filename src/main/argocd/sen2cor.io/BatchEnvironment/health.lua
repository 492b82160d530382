-- Argo CD health of a sen2cor.io BatchEnvironment, from the operator's conditions. A Warning condition (e.g. a
-- replacement waiting for the user) keeps it Healthy and shows in the message.
local hs = {}
local warnings = {InvalidSpec=true, BackendUnavailable=true, EnvironmentNotFound=true,
  EnvironmentTerminating=true, NamespaceNotAllowed=true, OutputNotAllowed=true, ImageNotAllowed=true,
  EndpointNotAllowed=true, CatalogueNotAllowed=true, CredentialsNotAllowed=true, NoJobRole=true,
  DuplicateProducts=true, NameConflict=true, InvalidAwsReference=true, ComputeEnvironmentInvalid=true,
  JobQueueInvalid=true, ReplacementPending=true, ScaleDownPending=true, AwsRequestFailed=true,
  AwsUnreachable=true, MissingKubernetesReference=true, OutputBucketNotFound=true, ScenesNotStarting=true,
  CatalogueUnavailable=true, SelectionRefused=true, NotificationQueueNotAllowed=true,
  CompletedWithFailures=true, ReconcileError=true}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. obj.metadata.generation
  return hs
end
local ready = nil
local degraded = nil
local warning = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then ready = c end
  if c.type == "Degraded" then degraded = c end
  if c.type == "Warning" and c.status == "True" then warning = c end
end
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = (degraded.reason or "") .. ": " .. (degraded.message or "")
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  if warning ~= nil then
    hs.message = hs.message .. "; " .. (warning.reason or "") .. ": " .. (warning.message or "")
  end
  return hs
end
if ready ~= nil and warnings[ready.reason] then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
  return hs
end
hs.status = "Progressing"
hs.message = ready ~= nil and (ready.message or "") or "Waiting for the operator"
return hs
