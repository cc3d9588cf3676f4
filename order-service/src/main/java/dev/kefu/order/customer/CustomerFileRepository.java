package dev.kefu.order.customer;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

/** Customer files by {@code _id} ({@code shop|buyer}) only. */
interface CustomerFileRepository extends ReactiveMongoRepository<CustomerFileDocument, String> {
}
