package dev.mediagc.spring;

import dev.mediagc.spring.MediaGcSweeps.LastPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;

/**
 * {@code GET /actuator/mediagc/html}: the last sweep's report as the self-contained HTML page
 * {@code mediagc sweep --report-html} writes, beside the JSON of {@code GET /actuator/mediagc}, which
 * it leaves as it is. Over HTTP only: a page means nothing over JMX. With
 * {@code mediagc.sweep.report-html-enabled=false} the sweeps write no page, and this answers 404 saying
 * how to turn it on.
 */
@EndpointWebExtension(endpoint = MediaGcEndpoint.class)
public class MediaGcWebEndpointExtension {

    static final String HTML = "text/html;charset=UTF-8";

    private final MediaGcSweeps sweeps;

    public MediaGcWebEndpointExtension(MediaGcSweeps sweeps) {
        this.sweeps = sweeps;
    }

    /** @param format {@code html}, the one format served here; anything else is not found */
    @ReadOperation(produces = HTML)
    public WebEndpointResponse<Resource> page(@Selector String format) {
        if (!"html".equals(format)) {
            return notFound("Not found", "/actuator/mediagc/" + format + " is not a page; the last sweep's report is at "
                    + "/actuator/mediagc/html, and as JSON at /actuator/mediagc.");
        }
        if (!sweeps.writesPages()) {
            return notFound("No page: turned off", "The sweeps write no HTML page, as mediagc.sweep.report-html-enabled "
                    + "is false; set it to true (the default) to have each sweep write one here.");
        }
        Optional<LastPage> last;
        try {
            last = sweeps.openLastPage();
        } catch (IOException e) {
            return new WebEndpointResponse<>(page("Report unreadable", "The last sweep's page cannot be read: "
                    + e.getMessage()), WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
        }
        if (last.isEmpty()) {
            return notFound("No sweep yet", "No sweep has run yet, so there is no report to show. "
                    + "POST to /actuator/mediagc to run a dry run now.");
        }
        if (last.get().page() == null) {
            return notFound("No page for this sweep", "Sweep " + last.get().report().runId() + " wrote no page; "
                    + "its report's warnings at /actuator/mediagc say why.");
        }
        // The stream is closed once written out.
        return new WebEndpointResponse<>(new InputStreamResource(last.get().page()), WebEndpointResponse.STATUS_OK);
    }

    private static WebEndpointResponse<Resource> notFound(String title, String message) {
        return new WebEndpointResponse<>(page(title, message), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /** A short page for people who opened the address in a browser. */
    private static Resource page(String title, String message) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mediagc: "
                + escape(title) + "</title></head><body><h1>" + escape(title) + "</h1><p>"
                + escape(message) + "</p></body></html>\n";
        return new ByteArrayResource(html.getBytes(StandardCharsets.UTF_8));
    }

    /** The message may quote the request's path, which a page must not take for markup. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
