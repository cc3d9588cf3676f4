package dev.kefu.review.review;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

public interface ReviewRepository extends ReactiveMongoRepository<ReviewDocument, String> {
}
