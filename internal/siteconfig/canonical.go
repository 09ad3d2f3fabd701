package siteconfig

import "encoding/json"

// Canonical encodes c deterministically: fields in declaration order, every
// page present, empty lists as [], optional empty strings omitted. Two
// configs are equal exactly when their canonical forms are, so the result
// serves for storage, hashing and comparison.
func Canonical(c Config) []byte {
	b, err := json.Marshal(c)
	if err != nil {
		// Config holds only strings, bools, ints and the sealed section
		// types, none of which can fail to encode.
		panic("siteconfig: encode config: " + err.Error())
	}
	return b
}

// Equal reports whether a and b encode to the same canonical document.
func Equal(a, b Config) bool {
	return string(Canonical(a)) == string(Canonical(b))
}
