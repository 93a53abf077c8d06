package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"
)

// TestAnswersHaveTheSDKModelTypes checks every answer of the account (not
// the fixture's raw records, which may be odd on purpose) against the wire
// names and JSON types the official Node.js SDK's response models declare:
// no field the model lacks, none of another type.
func TestAnswersHaveTheSDKModelTypes(t *testing.T) {
	node := nodeSDK(t)
	e, clock := newAccountEnv(t)
	answers := map[string][]byte{} // by response model
	record := func(model, action string, params map[string]string) {
		t.Helper()
		e.mustCall(t, action, params, nil)
		answers[model] = e.last(t).respBody
	}

	certID := upload(t, e, "typed", selfSigned(t, "ecdsa", "*.example.io"))
	answers["UploadUserCertificateResponseBody"] = e.last(t).respBody
	record("CreateDeploymentJobResponseBody", "CreateDeploymentJob", map[string]string{"Name": "typed", "JobType": "user",
		"CertIds": fmt.Sprint(certID), "ResourceIds": "22001,22005", "ContactIds": "3304,3320", "ScheduleTime": fmt.Sprint(clock.Now().Add(time.Minute).UnixMilli())})
	var created struct {
		JobID int64 `json:"JobId"`
	}
	if err := json.Unmarshal(answers["CreateDeploymentJobResponseBody"], &created); err != nil {
		t.Fatal(err)
	}
	job := fmt.Sprint(created.JobID)
	record("UpdateDeploymentJobResponseBody", "UpdateDeploymentJob", map[string]string{"JobId": job, "Name": "typed-2"})
	record("UpdateDeploymentJobStatusResponseBody", "UpdateDeploymentJobStatus", map[string]string{"JobId": job, "Status": "scheduling"})
	clock.Advance(2 * testStep)
	ws := workers(t, e, created.JobID)
	record("UpdateWorkerResourceStatusResponseBody", "UpdateWorkerResourceStatus", map[string]string{"JobId": job, "WorkerId": fmt.Sprint(ws[1].ID), "Status": "rollback"})
	record("ListWorkerResourceResponseBody", "ListWorkerResource", map[string]string{"JobId": job})
	record("DescribeDeploymentJobStatusResponseBody", "DescribeDeploymentJobStatus", map[string]string{"JobId": job})
	record("DescribeDeploymentJobResponseBody", "DescribeDeploymentJob", map[string]string{"JobId": job})
	record("ListDeploymentJobCertResponseBody", "ListDeploymentJobCert", map[string]string{"JobId": job})
	record("ListDeploymentJobResourceResponseBody", "ListDeploymentJobResource", map[string]string{"JobId": job})
	record("ListDeploymentJobResponseBody", "ListDeploymentJob", map[string]string{"JobType": "user", "Status": "success", "ShowSize": "1"})
	record("ListCloudResourcesResponseBody", "ListCloudResources", map[string]string{"ShowSize": "100"})
	record("ListContactResponseBody", "ListContact", map[string]string{"Keyword": "o"})
	record("ListUserCertificateOrderResponseBody", "ListUserCertificateOrder", map[string]string{"OrderType": "CERT"})
	record("GetUserCertificateDetailResponseBody", "GetUserCertificateDetail", map[string]string{"CertId": "11174100"})
	record("DeleteDeploymentJobResponseBody", "DeleteDeploymentJob", map[string]string{"JobId": job})
	record("DeleteUserCertificateResponseBody", "DeleteUserCertificate", map[string]string{"CertId": fmt.Sprint(certID)})

	models := make([]string, 0, len(answers))
	for m := range answers {
		models = append(models, m)
	}
	slices.Sort(models)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"model-types.js"}, models...)...) //nolint:gosec // node comes from exec.LookPath; the script is ours
	cmd.Dir = filepath.Join("sdkcompat", "node")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var declared map[string]map[string]any
	if err := json.Unmarshal(out, &declared); err != nil {
		t.Fatalf("model-types.js output: %v: %s", err, out)
	}
	for _, m := range models {
		dec := json.NewDecoder(bytes.NewReader(answers[m]))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		checkModelType(t, m, map[string]any{"model": declared[m]}, v)
	}
}

// newerSDKFields are answered as the SDK's later models (3.2.13, see the
// reference) declare them, though the pinned 3.0.0 lacks them.
var newerSDKFields = map[string]bool{"ListContactResponseBody.ContactList.WebhookList": true}

var arrayIndex = regexp.MustCompile(`\[\d+\]`)

// checkModelType reports where v is not of the declared SDK type.
func checkModelType(t *testing.T, path string, declared, v any) {
	t.Helper()
	switch d := declared.(type) {
	case string:
		ok := true
		switch d {
		case "string":
			_, ok = v.(string)
		case "number":
			_, ok = v.(json.Number)
		case "boolean":
			_, ok = v.(bool)
		case "any":
		default:
			t.Errorf("%s: unknown declared type %q", path, d)
		}
		if !ok {
			t.Errorf("%s is %T %v, the SDK declares %s", path, v, v, d)
		}
	case map[string]any:
		switch {
		case d["array"] != nil:
			items, ok := v.([]any)
			if !ok {
				t.Errorf("%s is %T, the SDK declares an array", path, v)
				return
			}
			for i, item := range items {
				checkModelType(t, fmt.Sprintf("%s[%d]", path, i), d["array"], item)
			}
		case d["model"] != nil:
			fields, ok := v.(map[string]any)
			model, _ := d["model"].(map[string]any)
			if !ok {
				t.Errorf("%s is %T, the SDK declares an object", path, v)
				return
			}
			for name, fv := range fields {
				ft, known := model[name]
				if !known && newerSDKFields[arrayIndex.ReplaceAllString(path, "")+"."+name] {
					continue
				}
				if !known {
					t.Errorf("%s.%s: the SDK model has no such field", path, name)
					continue
				}
				checkModelType(t, path+"."+name, ft, fv)
			}
		default:
			t.Errorf("%s: unsupported declared type %v", path, d)
		}
	}
}
