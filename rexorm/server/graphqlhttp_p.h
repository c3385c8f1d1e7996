#pragma once

#include "http/message_p.h"

#include <rexorm/graphql/service.h>

#include <optional>

namespace RexOrm::GraphQLHttp {

enum class MediaType { GraphQLResponse, Json };

struct Negotiation
{
    std::optional<MediaType> type; // none: 406
    bool html = false;             // the client prefers text/html (a browser)
};

// Content negotiation on the Accept header (RFC 9110 12.5.1, with q-values):
// application/graphql-response+json when it is listed and at least as acceptable as
// application/json; application/json when it is preferred, only matched by a wildcard
// (*/*, application/*), or when Accept is absent. A media range naming another charset than
// UTF-8 does not match.
Negotiation negotiate(const QByteArray &accept);

QByteArray contentType(MediaType type);

// A GraphQL-over-HTTP request from a POST body or a GET query string. The error, when there is
// one, is the HTTP status (400, 415) and a message for the client.
struct Decoded
{
    GraphQL::ServiceRequest request;
    int errorStatus = 0;
    QString errorMessage;
};
Decoded decodePost(const Http::Request &request);
Decoded decodeGet(const Http::Request &request);

// The HTTP response of an executed request: 200, or 400 for a request error under
// application/graphql-response+json; 405 for a mutation sent with GET.
Http::Response response(const GraphQL::ServiceResponse &result, MediaType type);

} // namespace RexOrm::GraphQLHttp
