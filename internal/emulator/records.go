package emulator

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The account's state as the API answers it: field names and JSON types of
// the official SDK models (@alicloud/cas20200407): job times are strings of
// UNIX milliseconds, flags are numbers, IDs are numbers (contacts' Id in a
// job is a string). Absent values are left out.

// jobRecord is a job as ListDeploymentJob lists it.
type jobRecord struct {
	ID           int64  `json:"Id"`
	Name         string `json:"Name"`
	JobType      string `json:"JobType"`
	Status       string `json:"Status"`
	InstanceID   string `json:"InstanceId"`
	CertDomain   string `json:"CertDomain,omitempty"`
	CertType     string `json:"CertType,omitempty"`
	ProductName  string `json:"ProductName,omitempty"`
	Del          int    `json:"Del"`
	Rollback     int    `json:"Rollback"`
	UserID       int64  `json:"UserId"`
	GmtCreate    string `json:"GmtCreate"`
	GmtModified  string `json:"GmtModified"`
	ScheduleTime string `json:"ScheduleTime,omitempty"`
	StartTime    string `json:"StartTime,omitempty"`
	EndTime      string `json:"EndTime,omitempty"`
}

// jobDetail is a job as DescribeDeploymentJob answers it.
type jobDetail struct {
	jobRecord
	Config      string       `json:"Config"`
	CasContacts []casContact `json:"CasContacts"`
	RequestID   string       `json:"RequestId"`
}

type casContact struct {
	ID     string `json:"Id"`
	Name   string `json:"Name"`
	Email  string `json:"Email"`
	Mobile string `json:"Mobile"`
}

// flag is b as the API's 0/1 numbers (Del, Rollback, EnableHttps, ...).
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *account) jobRecord(j *job) jobRecord {
	rec := jobRecord{
		ID: j.id, Name: j.name, JobType: j.jobType, Status: j.status, InstanceID: j.instanceID,
		Del: flag(j.deleted), Rollback: flag(j.rolledBack), UserID: emulatorUserID,
		GmtCreate: msString(j.created), GmtModified: msString(j.modified),
		ScheduleTime: msText(j.scheduleTime), StartTime: msString(j.started), EndTime: msString(j.ended),
	}
	var domains, products []string
	for i, id := range j.certIDs {
		if c := a.certificates[id]; c != nil {
			domains = appendNew(domains, c.commonName)
			if i == 0 {
				rec.CertType = c.orderType()
			}
		}
	}
	for _, id := range j.resourceIDs {
		products = appendNew(products, a.resources[id].product)
	}
	rec.CertDomain, rec.ProductName = strings.Join(domains, ","), strings.Join(products, ",")
	return rec
}

func (a *account) jobDetail(j *job, requestID string) jobDetail {
	config, _ := json.Marshal(struct {
		ShareCertIDs []int64 `json:"shareCertIds"`
		CertIDs      []int64 `json:"certIds"`
	}{[]int64{}, j.certIDs})
	d := jobDetail{jobRecord: a.jobRecord(j), Config: string(config), CasContacts: []casContact{}, RequestID: requestID}
	for _, id := range j.contactIDs {
		if c := a.contacts[id]; c != nil { // a deleted job's contact may be gone
			d.CasContacts = append(d.CasContacts, casContact{strconv.FormatInt(c.id, 10), c.name, c.email, maskMobile(c.mobile)})
		}
	}
	return d
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// jobCertRecord is a certificate as ListDeploymentJobCert lists it.
type jobCertRecord struct {
	CertID         int64    `json:"CertId"`
	CertName       string   `json:"CertName"`
	CertInstanceID string   `json:"CertInstanceId"`
	CommonName     string   `json:"CommonName"`
	Sans           []string `json:"Sans"`
	Algorithm      string   `json:"Algorithm"`
	CertType       string   `json:"CertType"`
	CertOrderType  string   `json:"CertOrderType"`
	StatusCode     string   `json:"StatusCode"`
	NotBeforeTime  int64    `json:"NotBeforeTime"`
	NotAfterTime   int64    `json:"NotAfterTime"`
	IsTrustee      bool     `json:"IsTrustee"`
	Month          int      `json:"Month"`
}

func (c *certificate) jobCertRecord(now time.Time) jobCertRecord {
	return jobCertRecord{
		CertID: c.id, CertName: c.name, CertInstanceID: c.instanceID, CommonName: c.commonName, Sans: c.sans,
		Algorithm: c.algorithm, CertType: c.certType, CertOrderType: c.orderType(), StatusCode: c.statusCode(now),
		NotBeforeTime: ms(c.notBefore), NotAfterTime: ms(c.notAfter), Month: c.months(),
	}
}

// resourceRecord is a cloud resource as ListCloudResources and
// ListDeploymentJobResource list it.
type resourceRecord struct {
	ID              int64  `json:"Id"`
	CloudName       string `json:"CloudName"`
	CloudProduct    string `json:"CloudProduct"`
	CloudRegion     string `json:"CloudRegion"`
	RegionID        string `json:"RegionId"`
	Domain          string `json:"Domain,omitempty"`
	InstanceID      string `json:"InstanceId,omitempty"`
	ListenerID      string `json:"ListenerId,omitempty"`
	ListenerPort    string `json:"ListenerPort,omitempty"`
	DefaultResource *int   `json:"DefaultResource,omitempty"`
	EnableHTTPS     int    `json:"EnableHttps"`
	Status          string `json:"Status"`
	CertID          int64  `json:"CertId,omitempty"`
	CertName        string `json:"CertName,omitempty"`
	CertStartTime   string `json:"CertStartTime,omitempty"`
	CertEndTime     string `json:"CertEndTime,omitempty"`
	GmtCreate       string `json:"GmtCreate"`
	GmtModified     string `json:"GmtModified"`
	UserID          int64  `json:"UserId"`
}

func (r *cloudResource) record() resourceRecord {
	rec := resourceRecord{
		ID: r.id, CloudName: r.cloudName, CloudProduct: r.product, CloudRegion: r.region, RegionID: r.region,
		Domain: r.domain, EnableHTTPS: flag(r.httpsEnabled), Status: r.status,
		CertID: r.certID, CertName: r.certName, CertStartTime: msText(r.certStartTime), CertEndTime: msText(r.certEndTime),
		GmtCreate: msString(r.created), GmtModified: msString(r.modified), UserID: emulatorUserID,
	}
	if r.hasListener() {
		d := flag(r.defaultResource)
		rec.InstanceID, rec.ListenerID, rec.ListenerPort, rec.DefaultResource = r.instanceID, r.listenerID, r.listenerPort, &d
	}
	return rec
}

// requestOnly is the answer of writes that return nothing else.
type requestOnly struct {
	RequestID string `json:"RequestId"`
}

// dataAnswer is the answer of the status updates: Data (documented as
// "any", example []) and the RequestId.
type dataAnswer struct {
	Data      any    `json:"Data"`
	RequestID string `json:"RequestId"`
}

// listAnswer is a list answered whole, without paging.
type listAnswer[T any] struct {
	Data      []T    `json:"Data"`
	RequestID string `json:"RequestId"`
}

// msString is t as the API's strings of UNIX milliseconds; "" for the zero time.
func msString(t time.Time) string { return msText(ms(t)) }

// msText is a time in UNIX milliseconds as the API's strings; "" for none.
func msText(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
