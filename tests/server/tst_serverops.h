#pragma once

#include <QtCore/QObject>

// RexOrm::Server in production (tst_serverops.cpp; the class is apart from the JSON and GraphQL
// text, which moc cannot read): authentication (JWT, API keys, the anonymous policy), the
// caller's access in the request context, /healthz /readyz /metrics, the access log, graceful
// shutdown, the serve configuration (file, environment, flags) and the statement timeout.
class tst_ServerOps : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void jwt_data();
    void jwt();
    void apiKeys();
    void anonymousPolicy();
    void nonLoopbackDeniesAnonymousByDefault();
    void claimsInRowFilters();
    void healthAndReadiness();
    void readinessFailsWithoutTheDatabase();
    void metricsInPrometheusFormat();
    void metricsCanRequireCredentials();
    void accessLog();
    void shutdownFinishesInFlightRequests();
    void shutdownGraceRunsOut();
    void serveStopsOnSigterm();
    void configurationFromJson();
    void serveConfigurationPrecedence();
    void serveConfigurationErrors();
    void statementTimeout_data();
    void statementTimeout();
};
