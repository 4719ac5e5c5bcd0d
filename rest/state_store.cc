// StateStore (state_store.h): recovery, per-request commits, checkpoints.
//
// Server records are small JSON objects (Boost.JSON, as the rest of the
// adapter), readable with any JSON tool:
//   {"op":"create","app":{...AppInfo...},"engine_now":T}
//   {"op":"update","app":{...}}    {"op":"delete","id":"..."}
//   {"op":"commit","request":N}
#include "rest/state_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "boost/json.hpp"
#include "rest/app_json.h"

// Local: the adapter's own macros live in its private headers.
#define BANTER_REST_RETURN_IF_ERROR_(expr)   \
  do {                                       \
    absl::Status banter_status_ = (expr);    \
    if (!banter_status_.ok()) return banter_status_; \
  } while (0)

namespace banter::rest {
namespace {

namespace json = boost::json;

constexpr std::string_view kKind = "banter rest state";
constexpr std::string_view kServerStream = "server";
constexpr uint32_t kServerFormat = 1;

std::string AppStream(std::string_view id) { return "app:" + std::string(id); }

// The "server" section of FILE: format, generation, requests applied, apps.
std::string ServerSection(uint32_t epoch, uint64_t requests, json::array apps) {
  return json::serialize(
      json::object{{"format", kServerFormat},
                   {"epoch", epoch},
                   {"requests", static_cast<int64_t>(requests)},
                   {"apps", std::move(apps)}});
}

AppSettings SettingsOf(const AppInfo& a) {
  AppSettings s;
  s.name = a.name;
  s.anonymous_login_allowed = a.anonymous_login_allowed;
  s.deactivated = a.deactivated;
  s.rate_limits = a.rate_limits;
  return s;
}

absl::StatusOr<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) {
    return absl::DataLossError("malformed server record in state");
  }
  return std::move(v.as_object());
}

}  // namespace

StateStore::StateStore(Server& server, std::string path)
    : server_(server), path_(std::move(path)) {}

StateStore::~StateStore() {
  for (const auto& [id, info] : known_) {
    if (Engine* e = server_.FindEngine(id)) SetJournal(*e, nullptr);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

absl::StatusOr<std::unique_ptr<StateStore>> StateStore::Open(Server& server,
                                                             std::string path,
                                                             bool recover) {
  std::unique_ptr<StateStore> store(new StateStore(server, std::move(path)));
  store->recover_ = recover;
  if (absl::Status st = store->Lock(); !st.ok()) return st;
  if (absl::Status st = store->Load(); !st.ok()) return st;
  return store;
}

absl::Status StateStore::Lock() {
  const std::string lock_path = path_ + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ", lock_path, ": ", std::strerror(errno)));
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK) {
      return absl::FailedPreconditionError(absl::StrCat(
          "another process is using the state ", path_, " (it holds ",
          lock_path, ")"));
    }
    return absl::UnavailableError(
        absl::StrCat("cannot lock ", lock_path, ": ", std::strerror(err)));
  }
  return absl::OkStatus();
}

// Copies `path` to the first free "<path>.damaged[.N]"; returns its name.
static absl::StatusOr<std::string> KeepCopy(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return bytes.status();
  std::string copy = path + ".damaged";
  for (int n = 1; ::access(copy.c_str(), F_OK) == 0; ++n) {
    copy = absl::StrCat(path, ".damaged.", n);
  }
  if (absl::Status st = WriteFileAtomically(copy, *bytes); !st.ok()) return st;
  return copy;
}

absl::Status StateStore::ApplyServerRecord(std::string_view text) {
  absl::StatusOr<json::object> o = ParseObject(text);
  if (!o.ok()) return o.status();
  const json::string* op = o->contains("op") ? o->at("op").if_string() : nullptr;
  if (op == nullptr) return absl::DataLossError("server record without op");
  if (*op == "create" || *op == "update") {
    if (!o->contains("app")) return absl::DataLossError("record without app");
    absl::StatusOr<AppInfo> app = AppFromJson(o->at("app"));
    if (!app.ok()) return app.status();
    if (*op == "create") {
      absl::StatusOr<AppInfo> made = server_.CreateApp(
          app->id, app->api_key, SettingsOf(*app), app->created_at);
      if (!made.ok()) return made.status();
      const json::value* now = o->if_contains("engine_now");
      if (now != nullptr && now->is_int64()) {
        server_.FindEngine(app->id)->AdvanceTime(now->as_int64());
      }
    } else {
      absl::StatusOr<AppInfo> updated =
          server_.UpdateApp(app->id, SettingsOf(*app));
      if (!updated.ok()) return updated.status();
    }
    return absl::OkStatus();
  }
  if (*op == "delete") {
    const json::string* id = o->contains("id") ? o->at("id").if_string() : nullptr;
    if (id == nullptr) return absl::DataLossError("delete without id");
    return server_.DeleteApp(std::string(*id));
  }
  return absl::DataLossError(absl::StrCat("unknown server record op ",
                                          std::string(*op)));
}

absl::Status StateStore::Load() {
  // 1. The state file: the registry, then each app's engine.
  absl::StatusOr<std::string> bytes = ReadWholeFile(path_);
  if (bytes.ok()) {
    state_bytes_ = bytes->size();
    absl::StatusOr<Sections> sections = ReadSections(kKind, *bytes);
    if (!sections.ok()) {
      return absl::Status(sections.status().code(),
                          absl::StrCat(path_, ": ", sections.status().message()));
    }
    std::map<std::string, std::string_view> snapshots;
    const std::string* server_json = nullptr;
    for (const auto& [name, data] : *sections) {
      if (name == kServerStream) {
        server_json = &data;
      } else {
        snapshots[name] = data;
      }
    }
    if (server_json == nullptr) {
      return absl::DataLossError(absl::StrCat(path_, ": no server section"));
    }
    absl::StatusOr<json::object> server = ParseObject(*server_json);
    if (!server.ok()) return server.status();
    const json::value* format = server->if_contains("format");
    const json::value* epoch = server->if_contains("epoch");
    const json::value* requests = server->if_contains("requests");
    const json::value* apps = server->if_contains("apps");
    if (!format || !format->is_int64() || !epoch || !epoch->is_int64() ||
        !requests || !requests->is_int64() || !apps || !apps->is_array()) {
      return absl::DataLossError(absl::StrCat(path_, ": malformed server section"));
    }
    if (format->as_int64() != kServerFormat) {
      return absl::FailedPreconditionError(absl::StrCat(
          path_, ": server state format ", format->as_int64(),
          " is not readable (reads ", kServerFormat, ")"));
    }
    epoch_ = static_cast<uint32_t>(epoch->as_int64());
    committed_ = static_cast<uint64_t>(requests->as_int64());
    for (const json::value& v : apps->as_array()) {
      absl::StatusOr<AppInfo> app = AppFromJson(v);
      if (!app.ok()) return app.status();
      auto it = snapshots.find(AppStream(app->id));
      if (it == snapshots.end()) {
        return absl::DataLossError(
            absl::StrCat(path_, ": no engine for app ", app->id));
      }
      absl::StatusOr<AppInfo> made = server_.CreateApp(
          app->id, app->api_key, SettingsOf(*app), app->created_at);
      if (!made.ok()) return made.status();
      Engine* engine = server_.FindEngine(app->id);
      // The server's own options for this app (its sink, its secret).
      absl::StatusOr<Engine> restored =
          ReadSnapshot(it->second, engine->options());
      if (!restored.ok()) {
        return absl::Status(restored.status().code(),
                            absl::StrCat(path_, ": app ", app->id, ": ",
                                         restored.status().message()));
      }
      *engine = std::move(*restored);
    }
    note_ = absl::StrCat("loaded ", path_, " (", apps->as_array().size(),
                         " apps, ", committed_, " requests)");
  } else if (!absl::IsNotFound(bytes.status())) {
    return bytes.status();
  }
  const bool state_missing = absl::IsNotFound(bytes.status());

  // 2. The journal: committed requests only.
  const std::string journal_path = path_ + ".journal";
  absl::StatusOr<JournalContents> journal = ReadJournalFile(journal_path);
  if (!journal.ok()) {
    if (!recover_ || !absl::IsDataLoss(journal.status())) {
      return journal.status();
    }
    // The header itself is damaged: nothing in the file can be trusted.
    absl::StatusOr<std::string> copy = KeepCopy(journal_path);
    if (!copy.ok()) return copy.status();
    if (absl::Status st = TruncateFile(journal_path, 0); !st.ok()) return st;
    absl::StrAppend(&note_, note_.empty() ? "" : "; ", "recovered: ",
                    journal.status().message(), "; kept a copy in ", *copy,
                    "; dropped the whole journal");
    journal = JournalContents{};
  }
  if (journal->damage && !journal->damage->torn) {
    const std::string where = absl::StrCat(
        journal_path, ": damaged at byte ", journal->damage->offset, " (",
        journal->damage->reason, ")");
    if (!recover_) {
      return absl::DataLossError(absl::StrCat(
          where, "; the ", journal->file_bytes - journal->damage->offset,
          " bytes from there may hold acknowledged requests. Nothing was "
          "changed. Start with --recover to keep a copy and continue from "
          "the records before the damage"));
    }
    absl::StatusOr<std::string> copy = KeepCopy(journal_path);
    if (!copy.ok()) return copy.status();
    absl::StrAppend(&note_, note_.empty() ? "" : "; ", "recovered: ", where,
                    "; kept a copy in ", *copy, "; dropped ",
                    journal->file_bytes - journal->damage->offset, " bytes");
    journal->damage->torn = true;  // from here on, cut like a torn tail
  }
  if (state_missing && !journal->entries.empty()) {
    if (!recover_) {
      return absl::FailedPreconditionError(absl::StrCat(
          journal_path, " holds ", journal->entries.size(), " entries but ",
          path_, " is missing: refusing to start from an empty state. Restore ",
          path_, ", or start with --recover to replay the journal alone"));
    }
    absl::StrAppend(&note_, note_.empty() ? "" : "; ", "recovered: ", path_,
                    " is missing; replaying the journal alone");
  }
  if (state_missing && journal->entries.empty()) {
    // A first start: write an empty state file before anything is
    // journaled, so that from now on a journal never exists without it.
    Sections sections;
    sections.emplace_back(std::string(kServerStream),
                          ServerSection(journal->epoch, 0, json::array()));
    if (absl::Status st =
            WriteFileAtomically(path_, WriteSections(kKind, sections));
        !st.ok()) {
      return st;
    }
    epoch_ = journal->epoch;
  }
  const bool stale = !journal->entries.empty() && journal->epoch + 1 == epoch_;
  if (!journal->entries.empty() && !stale && journal->epoch != epoch_) {
    return absl::FailedPreconditionError(absl::StrCat(
        journal_path, ": journal generation ", journal->epoch,
        " does not continue ", path_, " (generation ", epoch_, ")"));
  }
  uint64_t applied = 0;
  uint64_t committed_end = 0;
  size_t pending_from = 0;
  if (!stale) {
    for (size_t i = 0; i < journal->entries.size(); ++i) {
      const JournalEntry& entry = journal->entries[i];
      if (entry.stream != kServerStream) continue;
      absl::StatusOr<json::object> o = ParseObject(entry.body);
      if (!o.ok()) return o.status();
      const json::value* op = o->if_contains("op");
      if (!op || !op->is_string() || op->as_string() != "commit") continue;
      const json::value* n = o->if_contains("request");
      if (!n || !n->is_int64()) {
        return absl::DataLossError("commit marker without request number");
      }
      // The request is durable: apply everything it recorded, in order.
      for (size_t k = pending_from; k < i; ++k) {
        const JournalEntry& e = journal->entries[k];
        absl::Status st;
        if (e.stream == kServerStream) {
          st = ApplyServerRecord(e.body);
        } else if (e.stream.starts_with("app:")) {
          Engine* engine = server_.FindEngine(e.stream.substr(4));
          absl::StatusOr<JournalRecord> record = DecodeJournalRecord(e.body);
          if (engine == nullptr) {
            st = absl::DataLossError("record for an unknown app");
          } else if (!record.ok()) {
            st = record.status();
          } else {
            st = ApplyRecord(*engine, *record);
          }
        }
        if (!st.ok()) {
          return absl::DataLossError(absl::StrCat(
              journal_path, ": entry ", k, " (", e.stream,
              ") failed on replay: ", st.message()));
        }
        ++applied;
      }
      pending_from = i + 1;
      committed_ = static_cast<uint64_t>(n->as_int64());
      committed_end = journal->entry_ends[i];
    }
    // Entries after the last marker belong to a request that never finished
    // (its response was never shown): cut them, with any damaged tail, so the
    // next run's records do not follow them.
    if (journal->valid_bytes > 0 && journal->file_bytes > committed_end) {
      const uint64_t header_bytes = journal->format == 1 ? 16 : 20;
      const uint64_t keep = committed_end > 0 ? committed_end : header_bytes;
      if (journal->file_bytes > keep) {
        if (absl::Status st = TruncateFile(journal_path, keep); !st.ok()) {
          return st;
        }
      }
    }
  }
  if (!journal->entries.empty() || journal->damage) {
    absl::StrAppend(&note_, note_.empty() ? "" : "; ", "replayed ", applied,
                    " journal entries through request ", committed_);
    const size_t dropped = stale ? journal->entries.size()
                                 : journal->entries.size() - pending_from;
    if (dropped > 0) {
      absl::StrAppend(&note_, stale ? "; skipped " : "; dropped ", dropped,
                      stale ? " entries already in the snapshot"
                            : " entries of an unfinished request");
    }
    if (journal->damage) {
      absl::StrAppend(&note_, "; dropped the torn tail at byte ",
                      journal->damage->offset, ": ", journal->damage->reason);
    }
  }

  // 3. Append from here on.
  FileJournalOptions options;
  options.sync = SyncPolicy::kFlushEachRecord;
  options.epoch = epoch_;
  absl::StatusOr<std::unique_ptr<FileJournal>> opened =
      FileJournal::Open(journal_path, options);
  if (!opened.ok()) return opened.status();
  journal_ = std::move(*opened);
  for (const std::string& id : server_.AppIds()) {
    known_[id] = *server_.GetApp(id);
    Attach(id);
  }
  appended_at_commit_ = journal_->entries_appended();
  return absl::OkStatus();
}

void StateStore::Attach(const std::string& app_id) {
  if (Engine* e = server_.FindEngine(app_id)) {
    SetJournal(*e, journal_->StreamSink(AppStream(app_id)));
  }
}

absl::Status StateStore::AppendServerRecord(const std::string& json) {
  return journal_->AppendEntry(kServerStream, json);
}

absl::Status StateStore::Commit(uint64_t request) {
  // Registry changes the request made (the /apps endpoints).
  std::map<std::string, AppInfo> now;
  for (const std::string& id : server_.AppIds()) now[id] = *server_.GetApp(id);
  for (const auto& [id, info] : known_) {
    if (!now.contains(id)) {
      BANTER_REST_RETURN_IF_ERROR_(AppendServerRecord(
          json::serialize(json::object{{"op", "delete"}, {"id", id}})));
    }
  }
  for (const auto& [id, info] : now) {
    auto it = known_.find(id);
    if (it == known_.end()) {
      // The engine's clock as CreateApp left it (it advances a new engine to
      // the server's time, which a replaying server does not have yet).
      const Millis engine_now = server_.FindEngine(id)->now();
      BANTER_REST_RETURN_IF_ERROR_(AppendServerRecord(json::serialize(
          json::object{{"op", "create"},
                       {"app", AppToJson(info)},
                       {"engine_now", engine_now}})));
      Attach(id);
    } else if (!(it->second == info)) {
      BANTER_REST_RETURN_IF_ERROR_(AppendServerRecord(json::serialize(
          json::object{{"op", "update"}, {"app", AppToJson(info)}})));
    }
  }
  known_ = std::move(now);
  if (journal_->entries_appended() != appended_at_commit_) {
    BANTER_REST_RETURN_IF_ERROR_(AppendServerRecord(json::serialize(
        json::object{{"op", "commit"},
                     {"request", static_cast<int64_t>(request)}})));
    committed_ = request;
  }
  appended_at_commit_ = journal_->entries_appended();
  return journal_->status();
}

absl::Status StateStore::Checkpoint() {
  if (absl::Status st = journal_->status(); !st.ok()) return st;
  const uint32_t next = journal_->epoch() + 1;
  json::array apps;
  Sections sections;
  for (const std::string& id : server_.AppIds()) {
    apps.push_back(AppToJson(*server_.GetApp(id)));
    sections.emplace_back(AppStream(id),
                          WriteSnapshot(*server_.FindEngine(id), next));
  }
  sections.emplace(sections.begin(), std::string(kServerStream),
                   ServerSection(next, committed_, std::move(apps)));
  const std::string image = WriteSections(kKind, sections);
  if (absl::Status st = WriteFileAtomically(path_, image); !st.ok()) {
    return st;
  }
  state_bytes_ = image.size();
  epoch_ = next;
  return journal_->Reset(next);
}

uint64_t StateStore::journal_bytes() const { return journal_->bytes(); }

bool StateStore::CheckpointDue(uint64_t min_bytes) const {
  const uint64_t bytes = journal_->bytes();
  return bytes >= min_bytes && bytes >= state_bytes_;
}

std::string StateStore::Digest() const {
  std::string out;
  for (const std::string& id : server_.AppIds()) {
    absl::StrAppend(&out, id, " ", StateDigest(*server_.FindEngine(id)), "\n");
  }
  return out;
}

}  // namespace banter::rest
