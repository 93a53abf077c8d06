package provider

import (
	"crypto"
	"crypto/sha1" //nolint:gosec // the fingerprint CAS shows; nothing is secured by it
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// Reading the PEM a user gives alicas_certificate, at plan time, the way
// CAS reads it on upload. Errors never quote a key.

// parseChain reads one or more CERTIFICATE blocks, leaf first.
func parseChain(text string) ([]*x509.Certificate, error) {
	var chain []*x509.Certificate
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("block %d is a %q block; only CERTIFICATE blocks (the leaf, then its chain) belong here", len(chain)+1, block.Type)
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d does not parse: %w", len(chain)+1, err)
		}
		chain = append(chain, c)
	}
	switch {
	case len(chain) == 0:
		return nil, errors.New("it holds no PEM CERTIFICATE block (-----BEGIN CERTIFICATE-----)")
	case strings.TrimSpace(string(rest)) != "":
		return nil, errors.New("text after the last PEM block is not PEM")
	}
	return chain, nil
}

// parseKey reads a PKCS#1, SEC 1 or PKCS#8 PEM private key. Its errors say
// what is wrong with the text, never what the text is.
func parseKey(text string) (crypto.Signer, error) {
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("it is not PEM: no -----BEGIN ... PRIVATE KEY----- block")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, errors.New("it holds more than one PEM block; give the private key alone")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("it is a %q block, not a private key (RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY)", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("the %s block does not parse (an encrypted key must be decrypted first)", block.Type)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T is not a key CAS can use", key)
	}
	return signer, nil
}

// keyMatches reports whether key is the private key of leaf.
func keyMatches(leaf *x509.Certificate, key crypto.Signer) bool {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && pub.Equal(leaf.PublicKey)
}

// certFingerprint is the SHA-1 of the certificate's DER in upper-case hex:
// CAS's Fingerprint.
func certFingerprint(leaf *x509.Certificate) string {
	sum := sha1.Sum(leaf.Raw) //nolint:gosec // see the import
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}
