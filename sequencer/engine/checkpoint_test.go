package engine

import (
	"encoding/json"
	"math/rand"
	"reflect"
	"testing"

	"github.com/zkperp/zkperp/state"
)

// A checkpoint's resting orders are stored in binary; checkpoints of earlier versions (orders in JSON) still load.
func TestCheckpointEncoding(t *testing.T) {
	cp := &checkpoint{Seq: 41, Now: 7, Txs: 3, Books: map[uint8][]byte{0: {1, 2, 3}}, Open: map[uint8][]uint32{0: {4}},
		LastID: map[uint32]uint32{9: 12}, Batch: 5, Prev: 4, Floors: []Floor{{From: 5, Time: 100}},
		Versions: []orderVersion{{Account: 9, ID: 12, Version: 2}}}
	r := rand.New(rand.NewSource(1))
	for i := range uint32(40) {
		o := state.Order{Account: 9, ID: i + 1, Market: uint8(i % 2), Buy: i%3 == 0, Price: 5_000_000 + uint64(i),
			Size: 100, MaxMakerFee: 100, MaxTakerFee: 400, Expiry: i}
		r.Read(o.Sig[:]) // as random as a signature
		cp.Orders = append(cp.Orders, o)
	}
	raw, err := cp.marshal()
	if err != nil {
		t.Fatal(err)
	}
	if len(cp.Orders) != 40 || cp.OrdersBin != nil {
		t.Fatal("marshal changed the checkpoint")
	}
	got, err := unmarshalCheckpoint(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, cp) {
		t.Fatalf("checkpoint differs after the round trip:\n%+v\n%+v", got, cp)
	}
	old, err := json.Marshal(cp)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > len(old)/3 {
		t.Fatalf("checkpoint %d bytes, %d in JSON", len(raw), len(old))
	}
	if got, err = unmarshalCheckpoint(old); err != nil || !reflect.DeepEqual(got, cp) {
		t.Fatalf("JSON checkpoint: %v", err)
	}
	var damaged checkpoint
	if err := json.Unmarshal(raw, &damaged); err != nil {
		t.Fatal(err)
	}
	damaged.OrdersBin = damaged.OrdersBin[:len(damaged.OrdersBin)-1]
	bad, err := json.Marshal(&damaged)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unmarshalCheckpoint(bad); err == nil {
		t.Fatal("truncated orders decoded")
	}
}
