import assert from "node:assert/strict";
import { test } from "node:test";
import { NO_NODE, WordTrie } from "./name-index.js";
import { loadRegistry } from "./registry.js";

/** The node `words` lead to from the root, or NO_NODE. */
function walk(trie: WordTrie, words: readonly string[]): number {
  let node = trie.root(trie.wordId(words[0]));
  for (let k = 1; k < words.length; k++) node = trie.child(node, trie.wordId(words[k]));
  return node;
}

test("the word trie leads from each spelling's words to a node that spells it, and nowhere else", () => {
  const spellings = ["tan thanh", "tan thanh hoa", "tan an", "an", "an phu", "thanh hoa", "1"];
  const trie = new WordTrie(spellings);
  for (const spelling of spellings) {
    const node = walk(trie, spelling.split(" "));
    assert.notEqual(node, NO_NODE, spelling);
    assert.equal(trie.spelling(node), spelling);
  }
  // "tan" and "thanh" (inside "thanh hoa") are nodes too: the starts of longer spellings.
  assert.equal(trie.spelling(walk(trie, ["tan"])), "tan");
  assert.equal(
    trie.size,
    new Set(spellings.flatMap((s) => s.split(" ").map((_, k, w) => w.slice(0, k + 1).join(" ")))).size,
  );
  // Words that continue no spelling, words no spelling holds, and the walk past a missing node.
  assert.equal(walk(trie, ["hoa"]), NO_NODE, "hoa starts no spelling");
  assert.equal(walk(trie, ["an", "thanh"]), NO_NODE);
  assert.equal(walk(trie, ["tan", "thanh", "hoa", "an"]), NO_NODE);
  assert.equal(trie.wordId("phu yen"), -1);
  assert.equal(walk(trie, ["binh", "an"]), NO_NODE);
  assert.equal(trie.child(NO_NODE, trie.wordId("an")), NO_NODE);
  assert.equal(trie.child(walk(trie, ["tan"]), -1), NO_NODE);
});

test("every key and joined spelling of the registry's names is a node of its word trie, found by its words", () => {
  const names = loadRegistry().nameIndex;
  const trie = names.wordTrie();
  const keys = [...names.keys()];
  for (const key of keys) assert.equal(trie.spelling(walk(trie, key.split(" "))), key);
  // A node's spelling is the walk that reaches it: each node is reached by its own words, so no
  // two nodes share a spelling and every child found is the right one.
  for (let node = 0; node < trie.size; node++) assert.equal(walk(trie, trie.spelling(node).split(" ")), node);
  assert.ok(trie.size > keys.length, `${trie.size} nodes for ${keys.length} keys`);
});
