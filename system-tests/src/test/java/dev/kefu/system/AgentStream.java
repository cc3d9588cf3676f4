package dev.kefu.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent frontend's {@code GET /api/stream}, read the way a fetch-based SSE client reads it (bearer token, optional
 * {@code Last-Event-ID}): every event is kept in arrival order with its id, name and data, until {@link #close}.
 */
final class AgentStream implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;

    private AgentStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "agent-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static AgentStream open(String gateway, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/api/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = GatewayClient.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String text = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new IllegalStateException("GET /api/stream → " + response.statusCode() + " " + text);
        }
        return new AgentStream(response.body());
    }

    /** The events named {@code name} whose data contains {@code text}. */
    List<Event> named(String name, String text) {
        return events.stream().filter(e -> e.name().equals(name) && e.data().contains(text)).toList();
    }

    /** Every event after the one with {@code id} (exclusive), without the stream's own control events. */
    List<Event> after(String id) {
        int at = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).id().equals(id)) {
                at = i;
            }
        }
        return events.subList(at + 1, events.size()).stream().filter(e -> !isControl(e)).toList();
    }

    static boolean isControl(Event e) {
        return e.name().equals("ready") || e.name().equals("reset");
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = "";
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
                // ":" lines are heartbeats
            }
        } catch (IOException closed) {
            // close() ends the read
        }
    }

    @Override
    public void close() {
        try {
            body.close();
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (IOException | InterruptedException e) {
            reader.interrupt();
        }
    }
}
