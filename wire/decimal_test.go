package wire

import "testing"

// The integer fast paths of the decimal conversions agree with the exact rational ones: same value for every
// string the fast path takes, and it declines what it cannot take exactly (parseRat then answers or names the error).
func FuzzDecimalFastPaths(f *testing.F) {
	for _, s := range []string{"0", "1", "0.1", "60000.5", "0.0001", "18446744073709551615", "1844674407370955.1616",
		"00012.3400", "1.", ".5", "1e5", "-1", "0.00000000000000000001", "99999999999999999999"} {
		f.Add(s, uint64(12345), 4)
	}
	f.Fuzz(func(t *testing.T, s string, v uint64, k int) {
		k = (k%25+25)%25 - 3 // −3 … 21
		if got, ok := parseFast(s, k); ok {
			want, err := parseRat(s, pow10(k), "x", "below")
			if err != nil || got != want {
				t.Fatalf("parse %q at 10^%d: fast %d, exact %d %v", s, k, got, want, err)
			}
		} else if k >= 0 && k <= 18 {
			if _, err := parseRat(s, pow10(k), "x", "below"); err == nil && PlainDecimal(s) && len(s) < 20 {
				t.Fatalf("parse %q at 10^%d: fast path declined a short valid value", s, k)
			}
		}
		if k >= 0 && k <= 18 {
			if got, want := formatFast(v, k), formatRat(v, pow10(k)); got != want {
				t.Fatalf("format %d at 10^%d: fast %q, exact %q", v, k, got, want)
			}
		}
	})
}
