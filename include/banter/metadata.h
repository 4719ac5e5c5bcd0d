// Metadata: the string-to-string maps of the domain (`data`, `memberInfo`,
// `privateData`, GitpleLive `meta`, message translations).
//
// A sorted vector of (key, value) pairs: 24 bytes when empty, one allocation
// for the entries, iteration in key order (so dumps and JSON are
// deterministic). The platforms cap these maps at 5 to 10 keys, where a
// sorted vector beats any node-based map; std::map would double the size of
// every member record, and banter's public headers use no Boost types
// (docs/decisions.md, D10).
#ifndef BANTER_METADATA_H_
#define BANTER_METADATA_H_

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace banter {

class Metadata {
 public:
  using value_type = std::pair<std::string, std::string>;
  using const_iterator = std::vector<value_type>::const_iterator;

  Metadata() = default;
  // Keys given twice keep their first value, as a map built by insert would.
  Metadata(std::initializer_list<value_type> entries) {
    entries_.reserve(entries.size());
    for (const value_type& e : entries) emplace(e.first, e.second);
  }
  template <typename It>
  Metadata(It first, It last) {
    for (; first != last; ++first) emplace(first->first, first->second);
  }

  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

  const_iterator find(std::string_view key) const {
    const_iterator it = LowerBound(key);
    return it != end() && it->first == key ? it : end();
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }

  // The value of `key`, inserted empty when absent.
  std::string& operator[](std::string_view key) {
    auto it = entries_.begin() + (LowerBound(key) - begin());
    if (it == entries_.end() || it->first != key) {
      it = entries_.emplace(it, std::string(key), std::string());
    }
    return it->second;
  }
  // Inserts (key, value) unless `key` is present; true when inserted.
  std::pair<const_iterator, bool> emplace(std::string key, std::string value) {
    auto it = entries_.begin() + (LowerBound(key) - begin());
    if (it != entries_.end() && it->first == key) return {it, false};
    it = entries_.emplace(it, std::move(key), std::move(value));
    return {it, true};
  }
  // Sets `key` to `value`, inserting it when absent; true when inserted.
  std::pair<const_iterator, bool> insert_or_assign(std::string key,
                                                   std::string value) {
    auto it = entries_.begin() + (LowerBound(key) - begin());
    if (it != entries_.end() && it->first == key) {
      it->second = std::move(value);
      return {it, false};
    }
    it = entries_.emplace(it, std::move(key), std::move(value));
    return {it, true};
  }
  // Removes `key`; the number removed (0 or 1).
  size_t erase(std::string_view key) {
    const_iterator it = find(key);
    if (it == end()) return 0;
    entries_.erase(it);
    return 1;
  }
  void clear() { entries_.clear(); }
  void reserve(size_t n) { entries_.reserve(n); }

  friend bool operator==(const Metadata&, const Metadata&) = default;

 private:
  const_iterator LowerBound(std::string_view key) const {
    return std::lower_bound(
        entries_.begin(), entries_.end(), key,
        [](const value_type& e, std::string_view k) { return e.first < k; });
  }

  std::vector<value_type> entries_;  // sorted by key, keys unique
};

}  // namespace banter

#endif  // BANTER_METADATA_H_
