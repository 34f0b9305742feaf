package io.sluice.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to a request it refuses before any route sees it (a path with a NUL byte, a
 * malformed URI or header): an RFC 9457 problem document like every other error, not Jetty's HTML
 * page.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  private final ObjectMapper mapper;

  public ProblemErrorHandler(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String reason = HttpStatus.getMessage(code);
    Problems problem =
        new Problems(
            "about:blank",
            reason,
            code,
            "The request cannot be read: "
                + (message == null || message.isBlank() ? reason : message)
                + ".",
            null,
            null,
            Map.of());
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      body =
          ("{\"title\":\"" + reason + "\",\"status\":" + code + "}")
              .getBytes(StandardCharsets.UTF_8);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
