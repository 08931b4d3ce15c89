package org.bihuan.platform;

import org.bihuan.platform.LocalPorts.EmbeddedPortInUseException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a taken port of the embedded broker or database into Spring Boot's "APPLICATION FAILED TO
 * START" report (as Boot does for the web server's port) instead of a stack trace.
 */
class EmbeddedPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedPortInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedPortInUseException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "停止占用端口 " + cause.port() + " 的进程，或将 " + cause.key() + " 设为空闲端口 / Stop the process on port "
            + cause.port() + " or set " + cause.key() + " to a free port (each demo on one machine needs its own "
            + "BIHUAN_DATA_DIR and ports).",
        cause);
  }
}
