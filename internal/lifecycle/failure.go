package lifecycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// Why a job's workers failed: the API gives no reason per worker, so the
// analysis reads what it does show (each resource's HTTPS switch, each
// certificate's names and end, the other clouds' stored keys) and names
// the likely cause.

// Cause is the likely reason a worker failed.
type Cause int

const (
	CauseUnknown       Cause = iota // nothing the API shows explains it
	CauseHTTPSOff                   // the resource has HTTPS disabled
	CauseExpired                    // the certificate had expired
	CauseNotCovered                 // the certificate's names do not cover the resource's domain
	CauseNoCloudAccess              // the resource is another cloud's, and CAS stores no AccessKey of it
)

// WorkerFailure is one failed worker and why it likely failed.
type WorkerFailure struct {
	Worker cas.Worker
	Cause  Cause
	Reason string // the cause in a sentence, with what to do
}

// AnalyzeFailure is every failed worker of the job, by worker ID, each with
// its likely cause.
func (e *Engine) AnalyzeFailure(ctx context.Context, jobID int64) ([]WorkerFailure, error) {
	workers, err := e.Workers(ctx, jobID, cas.WorkerError)
	if err != nil {
		return nil, err
	}
	resources, err := e.client.ListDeploymentJobResource(ctx, jobID)
	if err != nil {
		return nil, err
	}
	httpsOff := map[int64]bool{}
	for _, r := range resources.Resources {
		if r.EnableHTTPS != nil && !bool(*r.EnableHTTPS) {
			httpsOff[r.ID.Value()] = true
		}
	}
	certs, err := e.client.ListDeploymentJobCert(ctx, jobID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]cas.DeploymentJobCert{}
	for _, c := range certs.Certs {
		byID[c.CertID.Value()] = c
	}
	keyless, err := e.cloudsWithoutKey(ctx, workers)
	if err != nil {
		return nil, err
	}
	now := e.clock.Now()
	failures := make([]WorkerFailure, len(workers))
	for i, w := range workers {
		failures[i] = WorkerFailure{Worker: w}
		f := &failures[i]
		cert, known := byID[w.CertID.Value()]
		switch domain := w.ResourceDomain.Value(); {
		case httpsOff[w.ResourceID.Value()]:
			f.Cause, f.Reason = CauseHTTPSOff, fmt.Sprintf("HTTPS is disabled on this resource. A deployment job only replaces the "+
				"certificate of an HTTPS configuration that exists: enable HTTPS in the %s console first.", w.CloudProduct.Value())
		case keyless[w.CloudName.Value()]:
			f.Cause, f.Reason = CauseNoCloudAccess, fmt.Sprintf("this resource is on %[1]s, and CAS stores no AccessKey of %[1]s to "+
				"deploy with: add one (resource alicas_cloud_access, cloud_name = %[1]q), then run a new job.", w.CloudName.Value())
		case known && cert.NotAfterTime != nil && cas.Instant(cert.NotAfterTime.Value()).Before(now):
			f.Cause, f.Reason = CauseExpired, fmt.Sprintf("the certificate expired on %s; deploy a renewed one.",
				cas.Instant(cert.NotAfterTime.Value()).Format(time.RFC3339))
		case known && domain != "" && !Covers(cert, domain):
			f.Cause, f.Reason = CauseNotCovered, fmt.Sprintf("the certificate's names do not cover %s; deploy one that does.", domain)
		default:
			f.Reason = "the API gives no reason (no worker field carries one): see the job in the CAS console, and check that the " +
				"certificate is valid and not revoked."
		}
	}
	return failures, nil
}

// cloudsWithoutKey are the other clouds the workers deploy to of which CAS
// stores no AccessKey. Workers of Alibaba Cloud's own resources name no cloud.
func (e *Engine) cloudsWithoutKey(ctx context.Context, workers []cas.Worker) (map[string]bool, error) {
	keyless := map[string]bool{}
	for _, w := range workers {
		cloud := w.CloudName.Value()
		if cloud == "" || strings.EqualFold(cloud, "aliyun") {
			continue
		}
		if _, seen := keyless[cloud]; seen {
			continue
		}
		keys, err := e.client.ListCloudAccess(ctx, cas.CloudAccessFilter{CloudName: cloud})
		if err != nil {
			return nil, err
		}
		keyless[cloud] = len(keys.Keys) == 0
	}
	return keyless, nil
}

// Uncovered are the resources among resourceIDs for which the job has no
// worker: none of its certificates covers their domain, so nothing is
// deployed there.
func (e *Engine) Uncovered(ctx context.Context, jobID int64, resourceIDs []int64) ([]int64, error) {
	workers, err := e.Workers(ctx, jobID, "")
	if err != nil {
		return nil, err
	}
	covered := map[int64]bool{}
	for _, w := range workers {
		covered[w.ResourceID.Value()] = true
	}
	var missing []int64
	for _, id := range resourceIDs {
		if !covered[id] {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

// Covers reports whether the certificate's common name or a SAN matches
// host as TLS clients match them.
func Covers(cert cas.DeploymentJobCert, host string) bool {
	names := []string{cert.CommonName.Value()}
	for _, s := range cert.Sans {
		names = append(names, string(s))
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, name := range names {
		name = strings.ToLower(name)
		if name == host {
			return true
		}
		if rest, ok := strings.CutPrefix(name, "*."); ok {
			if _, parent, found := strings.Cut(host, "."); found && parent == rest {
				return true
			}
		}
	}
	return false
}

// DescribeWorker names a worker's resource as the console shows it:
// product, domain or instance and listener, region, and the IDs.
func DescribeWorker(w cas.Worker) string {
	where := w.ResourceDomain.Value()
	if where == "" {
		where = strings.TrimSpace(w.InstanceID.Value() + " " + w.ListenerID.Value())
	}
	if where == "" {
		where = "(no domain)"
	}
	return fmt.Sprintf("%s %s (%s; resource %d, certificate %d, worker %d)", w.CloudProduct.Value(), where,
		w.RegionID.Value(), w.ResourceID.Value(), w.CertID.Value(), w.ID.Value())
}
