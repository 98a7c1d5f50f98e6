package dev.rollback.databases.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresRabbitmq;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@RequiresRabbitmq
class RabbitMqConnectionIT {

    @Test
    void messagePublishedToTemporaryQueueIsFetchedBack() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(HostServices.rabbitmqUrl());
        factory.setConnectionTimeout(5_000);
        try (Connection connection = factory.newConnection("rollback-it");
                Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            try {
                channel.confirmSelect();
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType("text/plain")
                        .build();
                channel.basicPublish("", queue, props, "rollback ✓".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5_000);

                GetResponse got = channel.basicGet(queue, true);

                assertThat(got).isNotNull();
                assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("rollback ✓");
                assertThat(got.getProps().getContentType()).isEqualTo("text/plain");
                assertThat(channel.basicGet(queue, true)).isNull();
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void managementApiAnswersForGuest() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(HostServices.rabbitmqManagementUrl() + "/api/overview"))
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"rabbitmq_version\"");
    }
}
