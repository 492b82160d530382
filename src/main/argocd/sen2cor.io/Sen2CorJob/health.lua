-- Argo CD health of a sen2cor.io Sen2CorJob, from its phase and its Ready and Warning conditions.
local hs = {}
local warnings = {InvalidSpec=true, BackendUnavailable=true, EnvironmentNotFound=true,
  EnvironmentTerminating=true, NamespaceNotAllowed=true, OutputNotAllowed=true, ImageNotAllowed=true,
  EndpointNotAllowed=true, CatalogueNotAllowed=true, CredentialsNotAllowed=true, NoJobRole=true,
  DuplicateProducts=true, NameConflict=true, InvalidAwsReference=true, ComputeEnvironmentInvalid=true,
  JobQueueInvalid=true, ReplacementPending=true, ScaleDownPending=true, AwsRequestFailed=true,
  AwsUnreachable=true, MissingKubernetesReference=true, OutputBucketNotFound=true, ScenesNotStarting=true,
  CatalogueUnavailable=true, SelectionRefused=true, NotificationQueueNotAllowed=true,
  CompletedWithFailures=true, ReconcileError=true}
if obj.status == nil then
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
local warning = nil
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then ready = c end
    if c.type == "Warning" and c.status == "True" then warning = c end
  end
end
local phase = obj.status.phase
local progress = obj.status.progress or ""
-- a finished job stays what it is, whatever spec.suspend says now
if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "Succeeded " .. progress
  return hs
end
if phase == "PartiallySucceeded" or phase == "Failed" then
  local failed = 0
  if obj.status.scenes ~= nil and obj.status.scenes.failed ~= nil then failed = obj.status.scenes.failed end
  hs.status = "Degraded"
  if failed == 0 and ready ~= nil and ready.status ~= "True" then
    hs.message = phase .. ": " .. (ready.reason or "") .. ": " .. (ready.message or "")
  else
    hs.message = phase .. ": " .. failed .. " scene(s) failed (" .. progress .. ")"
  end
  return hs
end
if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true"
  return hs
end
if phase == "Cancelled" then
  hs.status = "Suspended"
  hs.message = "Cancelled " .. progress
  return hs
end
if ready ~= nil and ready.status ~= "True" and warnings[ready.reason] then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
  return hs
end
if warning ~= nil and warnings[warning.reason] then
  hs.status = "Degraded"
  hs.message = warning.message or ""
  return hs
end
hs.status = "Progressing"
hs.message = (phase or "Pending") .. " " .. progress
return hs
