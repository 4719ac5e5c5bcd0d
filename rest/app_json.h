// AppInfo as JSON, for the files and checkpoints that keep the app registry:
// `banter rest --state` (state_store.cc) and Server::WriteState.
//
// {"id","name","api_key","anonymous_login_allowed","deactivated",
//  "created_at","rate_limits":[[capacity,refill] per RateClass]}
//
// Thread-safety: pure functions.
#ifndef BANTER_REST_APP_JSON_H_
#define BANTER_REST_APP_JSON_H_

#include "absl/status/statusor.h"
#include "banter/rest/server.h"
#include "boost/json/object.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

boost::json::object AppToJson(const AppInfo& app);
// Strict: every field with its type. Errors: DataLoss.
absl::StatusOr<AppInfo> AppFromJson(const boost::json::value& v);

}  // namespace banter::rest

#endif  // BANTER_REST_APP_JSON_H_
