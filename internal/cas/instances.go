package cas

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Certificate instances (the V2 issuance model, CAS 3.1.0): an instance is
// configured (UpdateInstance), applied for (ApplyCertificate), validated by
// the records GetInstanceDetail shows, and issued a certificate, whose ID
// only GetInstanceDetail tells. CancelPendingCertificate withdraws an
// application. How each write is retried: retry.go.

// InstanceStatus is an instance's Status.
type InstanceStatus string

// Instance statuses.
const (
	InstanceInactive   InstanceStatus = "inactive"   // bought, not applied for
	InstancePending    InstanceStatus = "pending"    // an application is outstanding
	InstanceNormal     InstanceStatus = "normal"     // in use
	InstanceWillExpire InstanceStatus = "willExpire" // the subscription ends soon
	InstanceExpired    InstanceStatus = "expired"
	InstanceRefund     InstanceStatus = "refund"
	InstanceClosed     InstanceStatus = "closed"
)

// InstanceStatuses are the statuses the API documents, as ListInstances filters them.
var InstanceStatuses = []InstanceStatus{InstanceInactive, InstancePending, InstanceNormal, InstanceWillExpire, InstanceExpired,
	InstanceRefund, InstanceClosed}

// Certificate statuses of an instance's latest certificate.
const (
	CertificateIssued     = "issued"
	CertificateWillExpire = "willExpire"
	CertificateExpired    = "expired"
	CertificateRevoked    = "revoked"
)

// CertificateStatuses are the certificate statuses the API documents, as
// ListInstances filters them.
var CertificateStatuses = []string{CertificateIssued, CertificateWillExpire, CertificateExpired, CertificateRevoked}

// InstanceTag is one tag of an instance.
type InstanceTag struct {
	TagKey   *String `json:"TagKey"`
	TagValue *String `json:"TagValue"`
}

// Instance is an instance as ListInstances lists it. A nil field was
// absent from the answer (the certificate's fields until one is issued).
type Instance struct {
	OddValues
	InstanceID           *String  `json:"InstanceId"`
	InstanceType         *String  `json:"InstanceType"` // BUY or TEST
	Status               *String  `json:"Status"`
	Brand                *String  `json:"Brand"`
	Spec                 *String  `json:"Spec"`
	CertificateType      *String  `json:"CertificateType"` // DV, OV, EV
	KeyAlgorithm         *String  `json:"KeyAlgorithm"`
	Domain               *String  `json:"Domain"`
	FullDomainCount      *Int64   `json:"FullDomainCount"`
	WildcardDomainCount  *Int64   `json:"WildcardDomainCount"`
	AutoReissue          *String  `json:"AutoReissue"`
	PendingResult        *String  `json:"PendingResult"` // what the CA last said
	ResourceGroupID      *String  `json:"ResourceGroupId"`
	CertificateID        *Int64   `json:"CertificateId"`
	CertificateName      *String  `json:"CertificateName"`
	CertIdentifier       *String  `json:"CertIdentifier"`
	CertificateStatus    *String  `json:"CertificateStatus"`
	CertificateDomain    *String  `json:"CertificateDomain"`    // comma-separated
	CertificateNotBefore *Int64   `json:"CertificateNotBefore"` // milliseconds; see Instant
	CertificateNotAfter  *Int64   `json:"CertificateNotAfter"`
	InstanceStartTime    *Int64   `json:"InstanceStartTime"`
	InstanceEndTime      *Int64   `json:"InstanceEndTime"`
	OrderStartTime       *Int64   `json:"OrderStartTime"`
	OrderEndTime         *Int64   `json:"OrderEndTime"`
	UsingProductList     []String `json:"UsingProductList"`
}

// CurrentStatus is the instance's status, "" when the answer had none.
func (in *Instance) CurrentStatus() InstanceStatus { return InstanceStatus(in.Status.Value()) }

// DomainValidation is one proof of control GetInstanceDetail asks for: a
// DNS record ValidationKey (host record) under RootDomain (the zone) of
// ValidationType TXT or CNAME holding ValidationValue; or, for HTTP, a
// file.
type DomainValidation struct {
	Domain          *String `json:"Domain"`
	RootDomain      *String `json:"RootDomain"`
	ValidationType  *String `json:"ValidationType"`
	ValidationKey   *String `json:"ValidationKey"`
	ValidationValue *String `json:"ValidationValue"`
	Cname           *String `json:"Cname"`
	CnameKey        *String `json:"CnameKey"`
}

// InstanceDetail is an instance as GetInstanceDetail answers it.
// DomainValidationList is nil when no proof is outstanding.
type InstanceDetail struct {
	Instance
	UpgradeStatus        *String            `json:"UpgradeStatus"`
	AverageWaitingTime   *String            `json:"AverageWaitingTime"` // seconds
	GenerateCsrMethod    *String            `json:"GenerateCsrMethod"`  // online or upload
	Csr                  *String            `json:"Csr"`
	ValidationMethod     *String            `json:"ValidationMethod"` // DNS or HTTP
	CountryCode          *String            `json:"CountryCode"`
	Province             *String            `json:"Province"`
	City                 *String            `json:"City"`
	CompanyID            *Int64             `json:"CompanyId"`
	ContactIDList        []Int64            `json:"ContactIdList"`
	Tags                 []InstanceTag      `json:"Tags"`
	DomainValidationList []DomainValidation `json:"DomainValidationList"`
}

// GetInstanceDetail reads one instance.
func (c *Client) GetInstanceDetail(ctx context.Context, instanceID string) (*InstanceDetail, error) {
	const action = "GetInstanceDetail"
	var body struct {
		envelope
		InstanceDetail
	}
	if _, err := c.call(ctx, action, request{query: instanceQuery(instanceID)}, &body); err != nil {
		return nil, err
	}
	if body.InstanceID == nil {
		return nil, &NotFoundError{Action: action, What: "certificate instance " + instanceID, RequestID: string(body.RequestID)}
	}
	return &body.InstanceDetail, nil
}

// UpdateInstanceRequest is what UpdateInstance sets. An empty field (a nil
// list) is not sent, and the instance keeps what it has; Tags sent replace
// all of them.
type UpdateInstanceRequest struct {
	InstanceID        string
	CertificateName   string
	Domain            string // comma-separated; with a Csr, the CSR's common name wins
	Csr               string // PEM
	GenerateCsrMethod string // online or upload
	KeyAlgorithm      string // RSA_2048, RSA_3072, RSA_4096, ECC_256, SM2
	ValidationMethod  string // DNS or HTTP
	ContactIDList     []int64
	CompanyID         int64
	CountryCode       string
	Province          string
	City              string
	AutoReissue       string // enable or disable
	ResourceGroupID   string
	Tags              map[string]string
}

// UpdateInstance changes an instance's application settings. A CSR goes in
// the form body: too long for a URL.
func (c *Client) UpdateInstance(ctx context.Context, req UpdateInstanceRequest) error {
	query := instanceQuery(req.InstanceID)
	for name, v := range map[string]string{"CertificateName": req.CertificateName, "Domain": req.Domain,
		"GenerateCsrMethod": req.GenerateCsrMethod, "KeyAlgorithm": req.KeyAlgorithm, "ValidationMethod": req.ValidationMethod,
		"CountryCode": req.CountryCode, "Province": req.Province, "City": req.City, "AutoReissue": req.AutoReissue,
		"ResourceGroupId": req.ResourceGroupID} {
		if v != "" {
			query[name] = v
		}
	}
	if req.CompanyID != 0 {
		query["CompanyId"] = strconv.FormatInt(req.CompanyID, 10)
	}
	// Lists go flattened, 1-based, as the SDKs send them.
	for i, id := range req.ContactIDList {
		query[fmt.Sprintf("ContactIdList.%d", i+1)] = strconv.FormatInt(id, 10)
	}
	for i, key := range slices.Sorted(maps.Keys(req.Tags)) {
		query[fmt.Sprintf("Tags.%d.TagKey", i+1)] = key
		query[fmt.Sprintf("Tags.%d.TagValue", i+1)] = req.Tags[key]
	}
	var form map[string]string
	if req.Csr != "" {
		form = map[string]string{"Csr": req.Csr}
	}
	var body envelope
	_, err := c.call(ctx, "UpdateInstance", request{query: query, form: form}, &body)
	return err
}

// ApplyCertificate submits the application the instance's settings make.
// It answers nothing more: the records to publish and, later, the
// certificate come from GetInstanceDetail.
func (c *Client) ApplyCertificate(ctx context.Context, instanceID string) error {
	return c.write(ctx, "ApplyCertificate", instanceQuery(instanceID))
}

// CancelPendingCertificate withdraws the instance's outstanding
// application. CAS settles it asynchronously: the instance stays pending a
// while.
func (c *Client) CancelPendingCertificate(ctx context.Context, instanceID string) error {
	return c.write(ctx, "CancelPendingCertificate", instanceQuery(instanceID))
}

func instanceQuery(instanceID string) map[string]string {
	return map[string]string{"InstanceId": instanceID}
}

// InstanceFilter narrows ListInstances; an empty field does not filter.
type InstanceFilter struct {
	Keyword           string // part of the domain, instance name or ID
	Status            InstanceStatus
	Brand             string
	CertificateType   string // DV, OV, EV
	CertificateStatus string // issued, revoked, willExpire, expired
	InstanceType      string // BUY or TEST
	ResourceGroupID   string
}

// ListInstancesResponse is every instance listed for a filter.
type ListInstancesResponse struct {
	Instances []Instance // in the API's order, each once, never nil
	Pages     int
}

// ListInstances returns every instance matching filter, walking the pages.
func (c *Client) ListInstances(ctx context.Context, filter InstanceFilter) (*ListInstancesResponse, error) {
	instances, pages, err := listAll(ctx, c, instanceListing(filter))
	if err != nil {
		return nil, err
	}
	return &ListInstancesResponse{Instances: instances, Pages: pages}, nil
}

// EachInstance hands every instance matching filter to yield as its page
// comes (one page in memory at a time), until yield returns false.
func (c *Client) EachInstance(ctx context.Context, filter InstanceFilter, yield func(Instance) bool) error {
	return streamAll(ctx, c, instanceListing(filter), yield)
}

func instanceListing(f InstanceFilter) listing[Instance] {
	return listing[Instance]{action: "ListInstances", items: "InstanceList", idName: "InstanceId",
		textID: func(in Instance) *String { return in.InstanceID },
		query: map[string]string{"Keyword": f.Keyword, "Status": string(f.Status), "Brand": f.Brand,
			"CertificateType": f.CertificateType, "CertificateStatus": f.CertificateStatus, "InstanceType": f.InstanceType,
			"ResourceGroupId": f.ResourceGroupID}}
}

// GetMatchedResources returns the cloud resources whose domain a name of
// one of the certificates covers: where they could be deployed. CAS answers
// them at once, not paged (at most 2000).
func (c *Client) GetMatchedResources(ctx context.Context, certIDs []int64) ([]CloudResource, error) {
	const action = "GetMatchedResources"
	var body struct {
		envelope
		Data json.RawMessage `json:"Data"`
	}
	raw, err := c.call(ctx, action, request{query: map[string]string{"CertIds": idList(certIDs)}}, &body)
	if err != nil {
		return nil, err
	}
	data := bytes.TrimSpace(body.Data)
	// Documented as "any": the SDK's example is a list, the reference pages'
	// a string holding one ("[]"). Either is read.
	if len(data) > 0 && data[0] == '"' {
		var text string
		if err := json.Unmarshal(data, &text); err != nil {
			return nil, &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(body.RequestID), Reason: "Data: " + err.Error()}
		}
		if data = bytes.TrimSpace([]byte(text)); len(data) == 0 {
			data = []byte("[]")
		}
	}
	return decodeList[CloudResource](action, raw, "Data", data, body.RequestID)
}
